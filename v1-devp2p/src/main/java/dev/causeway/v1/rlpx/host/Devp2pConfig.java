package dev.causeway.v1.rlpx.host;

import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.v1.rlpx.Enode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a devp2p host. Defaults follow {@code v1-rlpx-devp2p.md} §7.6: handshake 5 s, Hello
 * 10 s, Ping every 15 s, drop after two silent Ping intervals (30 s), messages up to 1 MiB
 * decompressed (the Waku packet limit, §5.5 / v1-waku.md §8).
 *
 * @param nodeKey static node key
 * @param listenHost address to bind (127.0.0.1 in tests)
 * @param listenPort TCP port; 0 picks a free one; -1 disables listening
 * @param clientId Hello client id
 * @param maxPeers connections allowed in total (static peers count but are always dialled)
 * @param maxPeersPerIp inbound connections allowed from one IP address
 * @param staticPeers peers kept connected with reconnect backoff
 * @param handshakeTimeout RLPx auth/ack deadline
 * @param helloTimeout deadline for the peer's Hello after the handshake
 * @param pingInterval interval of our Pings; also the idle-check tick
 * @param idleIntervals ping intervals without any inbound frame before the peer is dropped
 * @param maxMessageSize largest decompressed msg-data accepted
 * @param reconnectInitial first reconnect delay for static peers (doubles up to reconnectMax)
 * @param reconnectMax largest reconnect delay
 * @param ioThreads event loop threads (0 = Netty default)
 */
public record Devp2pConfig(
    Secp256k1.KeyPair nodeKey,
    String listenHost,
    int listenPort,
    String clientId,
    int maxPeers,
    int maxPeersPerIp,
    List<Enode> staticPeers,
    Duration handshakeTimeout,
    Duration helloTimeout,
    Duration pingInterval,
    int idleIntervals,
    int maxMessageSize,
    Duration reconnectInitial,
    Duration reconnectMax,
    int ioThreads) {

  public static final int DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;

  public Devp2pConfig {
    Objects.requireNonNull(nodeKey, "nodeKey");
    Objects.requireNonNull(listenHost, "listenHost");
    staticPeers = List.copyOf(staticPeers);
    if (maxPeers < 1) {
      throw new IllegalArgumentException("maxPeers must be >= 1");
    }
    if (idleIntervals < 1) {
      throw new IllegalArgumentException("idleIntervals must be >= 1");
    }
  }

  /** Defaults for a node with the given key listening on {@code host:port}. */
  public static Devp2pConfig defaults(Secp256k1.KeyPair key, String host, int port) {
    return new Devp2pConfig(
        key,
        host,
        port,
        "causeway/v0.1.0",
        50,
        10,
        List.of(),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(15),
        2,
        DEFAULT_MAX_MESSAGE_SIZE,
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        0);
  }

  public Devp2pConfig withStaticPeers(List<Enode> peers) {
    return toBuilder().staticPeers(peers).build();
  }

  public Devp2pConfig withMaxPeers(int max) {
    return toBuilder().maxPeers(max).build();
  }

  public Devp2pConfig withClientId(String id) {
    return toBuilder().clientId(id).build();
  }

  public Devp2pConfig withTimeouts(Duration handshake, Duration hello, Duration ping) {
    return toBuilder().handshakeTimeout(handshake).helloTimeout(hello).pingInterval(ping).build();
  }

  public Devp2pConfig withReconnect(Duration initial, Duration max) {
    return toBuilder().reconnectInitial(initial).reconnectMax(max).build();
  }

  public Devp2pConfig withIoThreads(int threads) {
    return toBuilder().ioThreads(threads).build();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.nodeKey = nodeKey;
    b.listenHost = listenHost;
    b.listenPort = listenPort;
    b.clientId = clientId;
    b.maxPeers = maxPeers;
    b.maxPeersPerIp = maxPeersPerIp;
    b.staticPeers = staticPeers;
    b.handshakeTimeout = handshakeTimeout;
    b.helloTimeout = helloTimeout;
    b.pingInterval = pingInterval;
    b.idleIntervals = idleIntervals;
    b.maxMessageSize = maxMessageSize;
    b.reconnectInitial = reconnectInitial;
    b.reconnectMax = reconnectMax;
    b.ioThreads = ioThreads;
    return b;
  }

  /** Mutable holder for building a changed copy. */
  public static final class Builder {
    private Secp256k1.KeyPair nodeKey;
    private String listenHost;
    private int listenPort;
    private String clientId;
    private int maxPeers;
    private int maxPeersPerIp;
    private List<Enode> staticPeers;
    private Duration handshakeTimeout;
    private Duration helloTimeout;
    private Duration pingInterval;
    private int idleIntervals;
    private int maxMessageSize;
    private Duration reconnectInitial;
    private Duration reconnectMax;
    private int ioThreads;

    private Builder() {}

    public Builder nodeKey(Secp256k1.KeyPair v) {
      this.nodeKey = v;
      return this;
    }

    public Builder listenHost(String v) {
      this.listenHost = v;
      return this;
    }

    public Builder listenPort(int v) {
      this.listenPort = v;
      return this;
    }

    public Builder clientId(String v) {
      this.clientId = v;
      return this;
    }

    public Builder maxPeers(int v) {
      this.maxPeers = v;
      return this;
    }

    public Builder maxPeersPerIp(int v) {
      this.maxPeersPerIp = v;
      return this;
    }

    public Builder staticPeers(List<Enode> v) {
      this.staticPeers = v;
      return this;
    }

    public Builder handshakeTimeout(Duration v) {
      this.handshakeTimeout = v;
      return this;
    }

    public Builder helloTimeout(Duration v) {
      this.helloTimeout = v;
      return this;
    }

    public Builder pingInterval(Duration v) {
      this.pingInterval = v;
      return this;
    }

    public Builder idleIntervals(int v) {
      this.idleIntervals = v;
      return this;
    }

    public Builder maxMessageSize(int v) {
      this.maxMessageSize = v;
      return this;
    }

    public Builder reconnectInitial(Duration v) {
      this.reconnectInitial = v;
      return this;
    }

    public Builder reconnectMax(Duration v) {
      this.reconnectMax = v;
      return this;
    }

    public Builder ioThreads(int v) {
      this.ioThreads = v;
      return this;
    }

    public Devp2pConfig build() {
      return new Devp2pConfig(
          nodeKey,
          listenHost,
          listenPort,
          clientId,
          maxPeers,
          maxPeersPerIp,
          staticPeers,
          handshakeTimeout,
          helloTimeout,
          pingInterval,
          idleIntervals,
          maxMessageSize,
          reconnectInitial,
          reconnectMax,
          ioThreads);
    }
  }
}
