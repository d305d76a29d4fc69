package dev.causeway.v1.rlpx.netty;

import dev.causeway.v1.rlpx.SubProtocol;
import dev.causeway.v1.rlpx.handshake.Handshaker;
import dev.causeway.v1.rlpx.host.Devp2pConfig;
import dev.causeway.v1.rlpx.host.Devp2pMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.security.SecureRandom;
import java.util.List;

/**
 * Builds the pipeline of one RLPx connection: {@code HandshakeHandler} (replaced by the frame
 * decoder and encoder once keys exist) followed by the devp2p session handler.
 *
 * <p>The frame size limit is the message limit plus room for the message id, RLP and Snappy
 * overhead, so a peer cannot make us buffer a frame larger than a message we would accept.
 */
public final class RlpxChannelInitializer extends ChannelInitializer<Channel> {
  private final Devp2pConfig config;
  private final int advertisedPort;
  private final List<SubProtocol> protocols;
  private final SessionListener listener;
  private final Devp2pMetrics metrics;
  private final SecureRandom random;
  private final byte[] remoteNodeId;

  private RlpxChannelInitializer(
      Devp2pConfig config,
      int advertisedPort,
      List<SubProtocol> protocols,
      SessionListener listener,
      Devp2pMetrics metrics,
      SecureRandom random,
      byte[] remoteNodeId) {
    this.config = config;
    this.advertisedPort = advertisedPort;
    this.protocols = List.copyOf(protocols);
    this.listener = listener;
    this.metrics = metrics;
    this.random = random;
    this.remoteNodeId = remoteNodeId;
  }

  /** For accepted connections. */
  public static RlpxChannelInitializer inbound(
      Devp2pConfig config,
      int advertisedPort,
      List<SubProtocol> protocols,
      SessionListener listener,
      Devp2pMetrics metrics,
      SecureRandom random) {
    return new RlpxChannelInitializer(
        config, advertisedPort, protocols, listener, metrics, random, null);
  }

  /** For a connection we dial to a peer whose node id we know. */
  public static RlpxChannelInitializer outbound(
      Devp2pConfig config,
      int advertisedPort,
      List<SubProtocol> protocols,
      SessionListener listener,
      Devp2pMetrics metrics,
      SecureRandom random,
      byte[] remoteNodeId) {
    return new RlpxChannelInitializer(
        config, advertisedPort, protocols, listener, metrics, random, remoteNodeId.clone());
  }

  /** Largest frame we accept for a given message limit. */
  public static int maxFrameSize(int maxMessageSize) {
    // msg-id (≤ 3 bytes) + Snappy worst-case expansion (n + n/6 + 32).
    return maxMessageSize + maxMessageSize / 6 + 64;
  }

  @Override
  protected void initChannel(Channel ch) {
    boolean inbound = remoteNodeId == null;
    Handshaker hs =
        inbound
            ? Handshaker.responder(config.nodeKey(), random)
            : Handshaker.initiator(config.nodeKey(), remoteNodeId, random);
    ch.pipeline()
        .addLast(
            "rlpx-handshake",
            new HandshakeHandler(
                hs,
                !inbound,
                config.handshakeTimeout(),
                maxFrameSize(config.maxMessageSize()),
                metrics))
        .addLast(
            "devp2p",
            new P2pHandler(config, advertisedPort, protocols, listener, metrics, inbound));
  }
}
