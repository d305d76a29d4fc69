package dev.causeway.v1.rlpx.host;

import dev.causeway.v1.rlpx.wire.DisconnectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counters of the RLPx/devp2p layer under {@code causeway_v1_*}. Tag values come from closed enums
 * only, never from peer-supplied text.
 */
public final class Devp2pMetrics {
  /** Why a connection failed before the devp2p session was established. */
  public enum SetupFailure {
    HANDSHAKE_INVALID,
    HANDSHAKE_TIMEOUT,
    HELLO_INVALID,
    HELLO_TIMEOUT,
    DIAL_FAILED
  }

  /** Why a connection was closed without a Disconnect message (nothing could be sent). */
  public enum AbruptClose {
    BAD_FRAME_MAC,
    FRAME_TOO_LARGE,
    IO_ERROR,
    REMOTE_CLOSED
  }

  private final Map<DisconnectReason, Counter> disconnectSent =
      new EnumMap<>(DisconnectReason.class);
  private final Map<DisconnectReason, Counter> disconnectReceived =
      new EnumMap<>(DisconnectReason.class);
  private final Map<SetupFailure, Counter> setupFailures = new EnumMap<>(SetupFailure.class);
  private final Map<AbruptClose, Counter> abruptCloses = new EnumMap<>(AbruptClose.class);
  private final Counter sessionsInbound;
  private final Counter sessionsOutbound;
  private final Counter framesIn;
  private final Counter framesOut;
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final Counter pingsSent;
  private final Counter pongsReceived;
  private final Counter pingsAnswered;

  public Devp2pMetrics(MeterRegistry registry) {
    for (DisconnectReason r : DisconnectReason.values()) {
      disconnectSent.put(
          r,
          Counter.builder("causeway_v1_disconnects_total")
              .tag("direction", "sent")
              .tag("reason", r.name().toLowerCase(java.util.Locale.ROOT))
              .register(registry));
      disconnectReceived.put(
          r,
          Counter.builder("causeway_v1_disconnects_total")
              .tag("direction", "received")
              .tag("reason", r.name().toLowerCase(java.util.Locale.ROOT))
              .register(registry));
    }
    for (SetupFailure f : SetupFailure.values()) {
      setupFailures.put(
          f,
          Counter.builder("causeway_v1_connection_setup_failures_total")
              .tag("reason", f.name().toLowerCase(java.util.Locale.ROOT))
              .register(registry));
    }
    for (AbruptClose c : AbruptClose.values()) {
      abruptCloses.put(
          c,
          Counter.builder("causeway_v1_abrupt_closes_total")
              .tag("reason", c.name().toLowerCase(java.util.Locale.ROOT))
              .register(registry));
    }
    sessionsInbound =
        Counter.builder("causeway_v1_sessions_total")
            .tag("direction", "inbound")
            .register(registry);
    sessionsOutbound =
        Counter.builder("causeway_v1_sessions_total")
            .tag("direction", "outbound")
            .register(registry);
    framesIn =
        Counter.builder("causeway_v1_frames_total").tag("direction", "in").register(registry);
    framesOut =
        Counter.builder("causeway_v1_frames_total").tag("direction", "out").register(registry);
    bytesIn =
        Counter.builder("causeway_v1_frame_bytes_total").tag("direction", "in").register(registry);
    bytesOut =
        Counter.builder("causeway_v1_frame_bytes_total").tag("direction", "out").register(registry);
    pingsSent =
        Counter.builder("causeway_v1_pings_total").tag("event", "ping_sent").register(registry);
    pongsReceived =
        Counter.builder("causeway_v1_pings_total").tag("event", "pong_received").register(registry);
    pingsAnswered =
        Counter.builder("causeway_v1_pings_total").tag("event", "ping_answered").register(registry);
  }

  public void disconnectSent(DisconnectReason r) {
    disconnectSent.get(r).increment();
  }

  public void disconnectReceived(DisconnectReason r) {
    disconnectReceived.get(r).increment();
  }

  public double disconnectsSent(DisconnectReason r) {
    return disconnectSent.get(r).count();
  }

  public double disconnectsReceived(DisconnectReason r) {
    return disconnectReceived.get(r).count();
  }

  public void setupFailed(SetupFailure f) {
    setupFailures.get(f).increment();
  }

  public double setupFailures(SetupFailure f) {
    return setupFailures.get(f).count();
  }

  public void abruptClose(AbruptClose c) {
    abruptCloses.get(c).increment();
  }

  public double abruptCloses(AbruptClose c) {
    return abruptCloses.get(c).count();
  }

  public void sessionEstablished(boolean inbound) {
    (inbound ? sessionsInbound : sessionsOutbound).increment();
  }

  public void pingSent() {
    pingsSent.increment();
  }

  public void pongReceived() {
    pongsReceived.increment();
  }

  public void pingAnswered() {
    pingsAnswered.increment();
  }

  public double pongsReceived() {
    return pongsReceived.count();
  }

  public double pingsAnswered() {
    return pingsAnswered.count();
  }

  public void frameIn(int wireBytes) {
    framesIn.increment();
    bytesIn.increment(wireBytes);
  }

  public void frameOut(int wireBytes) {
    framesOut.increment();
    bytesOut.increment(wireBytes);
  }
}
