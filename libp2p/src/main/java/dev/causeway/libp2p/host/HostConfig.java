package dev.causeway.libp2p.host;

import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.mplex.Mplex;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.yamux.Yamux;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link Libp2pHost}.
 *
 * @param identity the host's identity key (its peer id)
 * @param listenAddresses e.g. {@code /ip4/127.0.0.1/tcp/0}, {@code /ip4/127.0.0.1/tcp/0/ws}, or
 *     {@code …/wss} / {@code …/tls/ws} (these need {@code tlsServer})
 * @param muxers muxers proposed when dialling, in order (accepted when listening)
 * @param agentVersion identify agent string
 * @param maxConnections connections allowed in total (inbound beyond it are refused and counted)
 * @param maxConnectionsPerIp inbound connections allowed from one IP
 * @param upgradeTimeout deadline from TCP connect to muxed, covering the TLS and WebSocket
 *     handshakes too (js-libp2p allows 10 s)
 * @param dialTimeout TCP/WebSocket connect deadline
 * @param dialBackoffInitial first backoff after a failed dial to a peer (doubles, capped)
 * @param dialBackoffMax largest dial backoff
 * @param webSocketMaxFrame largest WebSocket frame accepted (js sends Noise frames of 65,537+)
 * @param tlsServer TLS context for {@code wss} listeners, or null
 * @param tlsClient TLS context for dialling {@code wss}, or null for the JDK's defaults
 * @param ioThreads event loop threads (0 = Netty default)
 * @param keepAliveInterval how often every open connection is pinged ({@code /ipfs/ping/1.0.0},
 *     spec libp2p-core.md §10); each ping must answer within this interval (at most 10 s, js's ping
 *     timeout). {@link Duration#ZERO} turns keep-alive off
 * @param keepAliveFailures consecutive failed keep-alive pings after which the connection is closed
 *     (a peer answering {@code na} for ping counts as alive)
 */
public record HostConfig(
    PrivKey identity,
    List<Multiaddr> listenAddresses,
    List<String> muxers,
    String agentVersion,
    int maxConnections,
    int maxConnectionsPerIp,
    Duration upgradeTimeout,
    Duration dialTimeout,
    Duration dialBackoffInitial,
    Duration dialBackoffMax,
    int webSocketMaxFrame,
    SslContext tlsServer,
    SslContext tlsClient,
    int ioThreads,
    Duration keepAliveInterval,
    int keepAliveFailures) {

  public HostConfig {
    Objects.requireNonNull(identity);
    listenAddresses = List.copyOf(listenAddresses);
    muxers = List.copyOf(muxers);
    if (muxers.isEmpty()) {
      throw new IllegalArgumentException("at least one muxer is needed");
    }
    Objects.requireNonNull(upgradeTimeout, "upgradeTimeout");
    Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
    if (keepAliveInterval.isNegative()) {
      throw new IllegalArgumentException("keepAliveInterval must not be negative");
    }
    if (keepAliveFailures < 1) {
      throw new IllegalArgumentException("keepAliveFailures must be >= 1");
    }
  }

  /** yamux first then mplex, as nwaku proposes (spec §8); keep-alive ping every 30 s. */
  public static HostConfig defaults(PrivKey identity, List<Multiaddr> listen) {
    return new HostConfig(
        identity,
        listen,
        List.of(Yamux.PROTOCOL_ID, Mplex.PROTOCOL_ID),
        "causeway/0.1.0",
        300,
        20,
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        Duration.ofSeconds(1),
        Duration.ofMinutes(5),
        8 * 1024 * 1024,
        null,
        null,
        0,
        Duration.ofSeconds(30),
        2);
  }

  public HostConfig withMuxers(List<String> m) {
    return toBuilder().muxers(m).build();
  }

  public HostConfig withLimits(int total, int perIp) {
    return toBuilder().maxConnections(total).maxConnectionsPerIp(perIp).build();
  }

  public HostConfig withTls(SslContext server, SslContext client) {
    return toBuilder().tlsServer(server).tlsClient(client).build();
  }

  public HostConfig withIoThreads(int threads) {
    return toBuilder().ioThreads(threads).build();
  }

  public HostConfig withAgentVersion(String agent) {
    return toBuilder().agentVersion(agent).build();
  }

  /** Keep-alive ping every {@code interval} (zero = off), close after {@code failures} misses. */
  public HostConfig withKeepAlive(Duration interval, int failures) {
    return toBuilder().keepAliveInterval(interval).keepAliveFailures(failures).build();
  }

  public HostConfig withUpgradeTimeout(Duration timeout) {
    return toBuilder().upgradeTimeout(timeout).build();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.identity = identity;
    b.listenAddresses = listenAddresses;
    b.muxers = muxers;
    b.agentVersion = agentVersion;
    b.maxConnections = maxConnections;
    b.maxConnectionsPerIp = maxConnectionsPerIp;
    b.upgradeTimeout = upgradeTimeout;
    b.dialTimeout = dialTimeout;
    b.dialBackoffInitial = dialBackoffInitial;
    b.dialBackoffMax = dialBackoffMax;
    b.webSocketMaxFrame = webSocketMaxFrame;
    b.tlsServer = tlsServer;
    b.tlsClient = tlsClient;
    b.ioThreads = ioThreads;
    b.keepAliveInterval = keepAliveInterval;
    b.keepAliveFailures = keepAliveFailures;
    return b;
  }

  /** Mutable holder for building a changed copy. */
  public static final class Builder {
    private PrivKey identity;
    private List<Multiaddr> listenAddresses;
    private List<String> muxers;
    private String agentVersion;
    private int maxConnections;
    private int maxConnectionsPerIp;
    private Duration upgradeTimeout;
    private Duration dialTimeout;
    private Duration dialBackoffInitial;
    private Duration dialBackoffMax;
    private int webSocketMaxFrame;
    private SslContext tlsServer;
    private SslContext tlsClient;
    private int ioThreads;
    private Duration keepAliveInterval;
    private int keepAliveFailures;

    private Builder() {}

    public Builder identity(PrivKey v) {
      this.identity = v;
      return this;
    }

    public Builder listenAddresses(List<Multiaddr> v) {
      this.listenAddresses = v;
      return this;
    }

    public Builder muxers(List<String> v) {
      this.muxers = v;
      return this;
    }

    public Builder agentVersion(String v) {
      this.agentVersion = v;
      return this;
    }

    public Builder maxConnections(int v) {
      this.maxConnections = v;
      return this;
    }

    public Builder maxConnectionsPerIp(int v) {
      this.maxConnectionsPerIp = v;
      return this;
    }

    public Builder upgradeTimeout(Duration v) {
      this.upgradeTimeout = v;
      return this;
    }

    public Builder dialTimeout(Duration v) {
      this.dialTimeout = v;
      return this;
    }

    public Builder dialBackoffInitial(Duration v) {
      this.dialBackoffInitial = v;
      return this;
    }

    public Builder dialBackoffMax(Duration v) {
      this.dialBackoffMax = v;
      return this;
    }

    public Builder webSocketMaxFrame(int v) {
      this.webSocketMaxFrame = v;
      return this;
    }

    public Builder tlsServer(SslContext v) {
      this.tlsServer = v;
      return this;
    }

    public Builder tlsClient(SslContext v) {
      this.tlsClient = v;
      return this;
    }

    public Builder ioThreads(int v) {
      this.ioThreads = v;
      return this;
    }

    public Builder keepAliveInterval(Duration v) {
      this.keepAliveInterval = v;
      return this;
    }

    public Builder keepAliveFailures(int v) {
      this.keepAliveFailures = v;
      return this;
    }

    public HostConfig build() {
      return new HostConfig(
          identity,
          listenAddresses,
          muxers,
          agentVersion,
          maxConnections,
          maxConnectionsPerIp,
          upgradeTimeout,
          dialTimeout,
          dialBackoffInitial,
          dialBackoffMax,
          webSocketMaxFrame,
          tlsServer,
          tlsClient,
          ioThreads,
          keepAliveInterval,
          keepAliveFailures);
    }
  }
}
