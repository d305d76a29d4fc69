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
 * @param listenAddresses e.g. {@code /ip4/127.0.0.1/tcp/0} and {@code /ip4/127.0.0.1/tcp/0/ws}
 * @param muxers muxers proposed when dialling, in order (accepted when listening)
 * @param agentVersion identify agent string
 * @param maxConnections connections allowed in total
 * @param maxConnectionsPerIp inbound connections allowed from one IP
 * @param upgradeTimeout transport-ready to muxed deadline (js-libp2p allows inbound 2 s)
 * @param dialTimeout TCP/WebSocket connect deadline
 * @param dialBackoffInitial first backoff after a failed dial to a peer (doubles, capped)
 * @param dialBackoffMax largest dial backoff
 * @param webSocketMaxFrame largest WebSocket frame accepted (js sends Noise frames of 65,537+)
 * @param tlsServer TLS context for {@code wss} listeners, or null
 * @param tlsClient TLS context for dialling {@code wss}, or null for the JDK's defaults
 * @param ioThreads event loop threads (0 = Netty default)
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
    int ioThreads) {

  public HostConfig {
    Objects.requireNonNull(identity);
    listenAddresses = List.copyOf(listenAddresses);
    muxers = List.copyOf(muxers);
    if (muxers.isEmpty()) {
      throw new IllegalArgumentException("at least one muxer is needed");
    }
  }

  /** yamux first then mplex, as nwaku proposes (spec §8). */
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
        0);
  }

  public HostConfig withMuxers(List<String> m) {
    return new HostConfig(
        identity,
        listenAddresses,
        m,
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
        ioThreads);
  }

  public HostConfig withLimits(int total, int perIp) {
    return new HostConfig(
        identity,
        listenAddresses,
        muxers,
        agentVersion,
        total,
        perIp,
        upgradeTimeout,
        dialTimeout,
        dialBackoffInitial,
        dialBackoffMax,
        webSocketMaxFrame,
        tlsServer,
        tlsClient,
        ioThreads);
  }

  public HostConfig withTls(SslContext server, SslContext client) {
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
        server,
        client,
        ioThreads);
  }

  public HostConfig withIoThreads(int threads) {
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
        threads);
  }

  public HostConfig withAgentVersion(String agent) {
    return new HostConfig(
        identity,
        listenAddresses,
        muxers,
        agent,
        maxConnections,
        maxConnectionsPerIp,
        upgradeTimeout,
        dialTimeout,
        dialBackoffInitial,
        dialBackoffMax,
        webSocketMaxFrame,
        tlsServer,
        tlsClient,
        ioThreads);
  }
}
