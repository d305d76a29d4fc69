package dev.causeway.bridge;

import dev.causeway.v1.waku.WakuV1Node;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TEMPORARY stand-in (replaced by branch b-bridge): has the agreed API so ops/ compiles, logs and
 * bridges nothing.
 */
public final class Bridge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);

  public Bridge(
      WakuV1Node v1, WakuV2Node v2, BridgeConfig config, MeterRegistry registry, Clock clock) {}

  public void start() {
    LOG.warn("bridge-core stand-in: messages are not bridged");
  }

  public BridgeStats stats() {
    return new BridgeStats();
  }

  @Override
  public void close() {}
}
