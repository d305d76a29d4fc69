package dev.causeway.v1.waku;

import dev.causeway.v1.rlpx.host.Devp2pConfig;
import dev.causeway.v1.waku.envelope.EnvelopeValidator;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link WakuV1Node}. Defaults ({@link #defaults}) follow real nodes ({@code
 * v1-waku.md} §5.3, §8–§10, §13): we require PoW 0.002 like nim-waku's node and the nwaku bridge,
 * keep status-go's time windows, flood every 300 ms, and cap each Messages packet at 1 MiB.
 *
 * @param devp2p the RLPx/devp2p host settings
 * @param minPow the PoW we require of envelopes we accept (advertised in Status)
 * @param validator size and time windows of envelope validation
 * @param poolCapacity envelopes kept at most (lowest PoW evicted first when full)
 * @param floodInterval transmission cycle
 * @param maxPacketBytes largest Messages msg-data we send (status-go drops peers above 1 MiB)
 * @param statusTimeout how long we wait for the peer's Status
 * @param peerPacketsPerSecond inbound waku packets per second allowed per peer (0 = unlimited)
 * @param peerBytesPerSecond inbound waku bytes per second allowed per peer (0 = unlimited)
 * @param rateLimitTolerance seconds over the limit before the peer is disconnected
 * @param minerThreads PoW mining threads
 * @param minerQueue queued mining jobs at most (more are refused and counted)
 */
public record WakuV1Config(
    Devp2pConfig devp2p,
    double minPow,
    EnvelopeValidator.Config validator,
    int poolCapacity,
    Duration floodInterval,
    int maxPacketBytes,
    Duration statusTimeout,
    long peerPacketsPerSecond,
    long peerBytesPerSecond,
    int rateLimitTolerance,
    int minerThreads,
    int minerQueue) {

  public WakuV1Config {
    Objects.requireNonNull(devp2p);
    Objects.requireNonNull(validator);
    if (!(minPow >= 0) || Double.isInfinite(minPow)) {
      throw new IllegalArgumentException("minPow must be a finite non-negative number");
    }
    if (maxPacketBytes > devp2p.maxMessageSize()) {
      throw new IllegalArgumentException("maxPacketBytes exceeds the devp2p message limit");
    }
    if (poolCapacity < 1 || minerThreads < 1 || minerQueue < 1) {
      throw new IllegalArgumentException("capacities must be positive");
    }
  }

  public static WakuV1Config defaults(Devp2pConfig devp2p) {
    return new WakuV1Config(
        devp2p,
        0.002,
        EnvelopeValidator.Config.DEFAULTS,
        200_000,
        Duration.ofMillis(300),
        Devp2pConfig.DEFAULT_MAX_MESSAGE_SIZE,
        Duration.ofSeconds(5),
        0,
        0,
        3,
        Math.max(1, Runtime.getRuntime().availableProcessors()),
        10_000);
  }

  public WakuV1Config withMinPow(double pow) {
    return toBuilder().minPow(pow).build();
  }

  public WakuV1Config withFloodInterval(Duration interval) {
    return toBuilder().floodInterval(interval).build();
  }

  public WakuV1Config withPoolCapacity(int capacity) {
    return toBuilder().poolCapacity(capacity).build();
  }

  public WakuV1Config withPeerRateLimits(
      long packetsPerSecond, long bytesPerSecond, int tolerance) {
    return toBuilder()
        .peerPacketsPerSecond(packetsPerSecond)
        .peerBytesPerSecond(bytesPerSecond)
        .rateLimitTolerance(tolerance)
        .build();
  }

  public WakuV1Config withMaxPacketBytes(int bytes) {
    return toBuilder().maxPacketBytes(bytes).build();
  }

  public WakuV1Config withDevp2p(Devp2pConfig config) {
    return toBuilder().devp2p(config).build();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.devp2p = devp2p;
    b.minPow = minPow;
    b.validator = validator;
    b.poolCapacity = poolCapacity;
    b.floodInterval = floodInterval;
    b.maxPacketBytes = maxPacketBytes;
    b.statusTimeout = statusTimeout;
    b.peerPacketsPerSecond = peerPacketsPerSecond;
    b.peerBytesPerSecond = peerBytesPerSecond;
    b.rateLimitTolerance = rateLimitTolerance;
    b.minerThreads = minerThreads;
    b.minerQueue = minerQueue;
    return b;
  }

  /** Mutable holder for building a changed copy. */
  public static final class Builder {
    private Devp2pConfig devp2p;
    private double minPow;
    private EnvelopeValidator.Config validator;
    private int poolCapacity;
    private Duration floodInterval;
    private int maxPacketBytes;
    private Duration statusTimeout;
    private long peerPacketsPerSecond;
    private long peerBytesPerSecond;
    private int rateLimitTolerance;
    private int minerThreads;
    private int minerQueue;

    private Builder() {}

    public Builder devp2p(Devp2pConfig v) {
      this.devp2p = v;
      return this;
    }

    public Builder minPow(double v) {
      this.minPow = v;
      return this;
    }

    public Builder validator(EnvelopeValidator.Config v) {
      this.validator = v;
      return this;
    }

    public Builder poolCapacity(int v) {
      this.poolCapacity = v;
      return this;
    }

    public Builder floodInterval(Duration v) {
      this.floodInterval = v;
      return this;
    }

    public Builder maxPacketBytes(int v) {
      this.maxPacketBytes = v;
      return this;
    }

    public Builder statusTimeout(Duration v) {
      this.statusTimeout = v;
      return this;
    }

    public Builder peerPacketsPerSecond(long v) {
      this.peerPacketsPerSecond = v;
      return this;
    }

    public Builder peerBytesPerSecond(long v) {
      this.peerBytesPerSecond = v;
      return this;
    }

    public Builder rateLimitTolerance(int v) {
      this.rateLimitTolerance = v;
      return this;
    }

    public Builder minerThreads(int v) {
      this.minerThreads = v;
      return this;
    }

    public Builder minerQueue(int v) {
      this.minerQueue = v;
      return this;
    }

    public WakuV1Config build() {
      return new WakuV1Config(
          devp2p,
          minPow,
          validator,
          poolCapacity,
          floodInterval,
          maxPacketBytes,
          statusTimeout,
          peerPacketsPerSecond,
          peerBytesPerSecond,
          rateLimitTolerance,
          minerThreads,
          minerQueue);
    }
  }
}
