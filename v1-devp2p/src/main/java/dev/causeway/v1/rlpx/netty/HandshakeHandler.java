package dev.causeway.v1.rlpx.netty;

import dev.causeway.v1.rlpx.framing.FrameCodec;
import dev.causeway.v1.rlpx.handshake.HandshakeConstants;
import dev.causeway.v1.rlpx.handshake.HandshakeException;
import dev.causeway.v1.rlpx.handshake.HandshakeSecrets;
import dev.causeway.v1.rlpx.handshake.Handshaker;
import dev.causeway.v1.rlpx.host.Devp2pMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the RLPx auth/ack exchange ({@code v1-rlpx-devp2p.md} §4) on a fresh channel, then installs
 * {@link FrameDecoder} and {@link FrameEncoder} behind itself and removes itself; bytes that
 * arrived after the handshake packet are handed to the frame decoder by {@link
 * ByteToMessageDecoder}.
 *
 * <p>Pitfalls: the ack is written before the frame encoder exists, so it goes out raw; a peer that
 * does not finish within the timeout, or sends anything that does not decrypt, is closed without a
 * Disconnect (no session keys exist yet to send one) and counted.
 */
final class HandshakeHandler extends ByteToMessageDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(HandshakeHandler.class);

  private final Handshaker handshaker;
  private final boolean initiator;
  private final Duration timeout;
  private final int maxFrameSize;
  private final Devp2pMetrics metrics;
  private ScheduledFuture<?> timeoutTask;
  private boolean failed;

  HandshakeHandler(
      Handshaker handshaker,
      boolean initiator,
      Duration timeout,
      int maxFrameSize,
      Devp2pMetrics metrics) {
    this.handshaker = handshaker;
    this.initiator = initiator;
    this.timeout = timeout;
    this.maxFrameSize = maxFrameSize;
    this.metrics = metrics;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    timeoutTask =
        ctx.executor()
            .schedule(
                () -> {
                  if (!failed && !handshaker.isComplete()) {
                    failed = true;
                    metrics.setupFailed(Devp2pMetrics.SetupFailure.HANDSHAKE_TIMEOUT);
                    LOG.debug("RLPx handshake timed out with {}", ctx.channel().remoteAddress());
                    ctx.close();
                  }
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    if (initiator) {
      try {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(handshaker.initiate()));
      } catch (HandshakeException e) {
        fail(ctx, e);
      }
    }
    super.channelActive(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    // The packet length is known from its first bytes (legacy size, or the EIP-8 size prefix);
    // copy only those until the whole packet is here, so that a peer dribbling a 64 KiB packet
    // byte by byte does not make every read copy everything received so far.
    int readable = in.readableBytes();
    int peek = Math.min(readable, HandshakeConstants.LEGACY_AUTH_PACKET_LENGTH);
    byte[] head = new byte[peek];
    in.getBytes(in.readerIndex(), head);
    try {
      int needed = handshaker.nextPacketLength(head, 0, peek);
      if (needed < 0 || readable < needed) {
        return;
      }
      byte[] buf = head;
      if (needed > peek) {
        buf = new byte[needed];
        in.getBytes(in.readerIndex(), buf);
      }
      byte[] reply = handshaker.handlePacket(buf, 0, needed);
      in.skipBytes(needed);
      if (reply != null) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(reply));
      }
      if (handshaker.isComplete()) {
        complete(ctx);
      }
    } catch (HandshakeException e) {
      in.skipBytes(in.readableBytes());
      fail(ctx, e);
    }
  }

  private void complete(ChannelHandlerContext ctx) {
    if (timeoutTask != null) {
      timeoutTask.cancel(false);
    }
    HandshakeSecrets s = handshaker.secrets();
    FrameCodec codec =
        new FrameCodec(s.aesSecret(), s.macSecret(), s.egressMac(), s.ingressMac(), maxFrameSize);
    String name = ctx.name();
    ctx.pipeline()
        .addAfter(name, "rlpx-frame-encoder", new FrameEncoder(codec, metrics))
        .addAfter(name, "rlpx-frame-decoder", new FrameDecoder(codec, metrics));
    byte[] remote = s.remoteNodeId();
    // Removing this decoder forwards any bytes already read to the frame decoder.
    ctx.pipeline().remove(this);
    ctx.pipeline().fireUserEventTriggered(new HandshakeCompletedEvent(remote));
  }

  private void fail(ChannelHandlerContext ctx, HandshakeException e) {
    failed = true;
    if (timeoutTask != null) {
      timeoutTask.cancel(false);
    }
    metrics.setupFailed(Devp2pMetrics.SetupFailure.HANDSHAKE_INVALID);
    LOG.debug("RLPx handshake with {} failed: {}", ctx.channel().remoteAddress(), e.getMessage());
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (timeoutTask != null) {
      timeoutTask.cancel(false);
    }
    super.channelInactive(ctx);
  }
}
