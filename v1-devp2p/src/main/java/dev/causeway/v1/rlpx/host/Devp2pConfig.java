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
    return new Devp2pConfig(
        nodeKey,
        listenHost,
        listenPort,
        clientId,
        maxPeers,
        maxPeersPerIp,
        peers,
        handshakeTimeout,
        helloTimeout,
        pingInterval,
        idleIntervals,
        maxMessageSize,
        reconnectInitial,
        reconnectMax,
        ioThreads);
  }

  public Devp2pConfig withMaxPeers(int max) {
    return new Devp2pConfig(
        nodeKey,
        listenHost,
        listenPort,
        clientId,
        max,
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

  public Devp2pConfig withClientId(String id) {
    return new Devp2pConfig(
        nodeKey,
        listenHost,
        listenPort,
        id,
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

  public Devp2pConfig withTimeouts(Duration handshake, Duration hello, Duration ping) {
    return new Devp2pConfig(
        nodeKey,
        listenHost,
        listenPort,
        clientId,
        maxPeers,
        maxPeersPerIp,
        staticPeers,
        handshake,
        hello,
        ping,
        idleIntervals,
        maxMessageSize,
        reconnectInitial,
        reconnectMax,
        ioThreads);
  }

  public Devp2pConfig withReconnect(Duration initial, Duration max) {
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
        initial,
        max,
        ioThreads);
  }

  public Devp2pConfig withIoThreads(int threads) {
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
        threads);
  }
}
