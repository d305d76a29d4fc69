package dev.causeway.bridge;

import dev.causeway.v2.core.PubsubTopic;
import java.time.Duration;
import java.util.List;

/** TEMPORARY stand-in (replaced by branch b-bridge): bridge settings. */
public final class BridgeConfig {
  private BridgeConfig() {}

  public static BridgeConfig defaults() {
    return new BridgeConfig();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts from {@link #defaults()}. */
  public static final class Builder {
    private Builder() {}

    public Builder pubsubTopics(List<PubsubTopic> topics) {
      return this;
    }

    public Builder v2ToV1Ttl(long seconds) {
      return this;
    }

    public Builder powFloor(double pow) {
      return this;
    }

    public Builder timestampTolerance(Duration tolerance) {
      return this;
    }

    public Builder dedupWindow(Duration window) {
      return this;
    }

    public Builder dedupMaxEntries(int entries) {
      return this;
    }

    public Builder queueCapacity(int capacity) {
      return this;
    }

    public Builder miningThreads(int threads) {
      return this;
    }

    public BridgeConfig build() {
      return new BridgeConfig();
    }
  }
}
