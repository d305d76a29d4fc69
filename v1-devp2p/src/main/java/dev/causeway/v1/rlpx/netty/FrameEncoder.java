package dev.causeway.v1.rlpx.netty;

import dev.causeway.v1.rlpx.framing.FrameCodec;
import dev.causeway.v1.rlpx.host.Devp2pMetrics;
import dev.causeway.v1.rlpx.wire.RawMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encrypts and MACs each outgoing {@link RawMessage} into one RLPx frame ({@code v1-rlpx-devp2p.md}
 * §5.1–5.3). The frame is written straight into a heap buffer's array.
 */
final class FrameEncoder extends MessageToByteEncoder<RawMessage> {
  private final FrameCodec codec;
  private final Devp2pMetrics metrics;

  FrameEncoder(FrameCodec codec, Devp2pMetrics metrics) {
    super(RawMessage.class, false);
    this.codec = codec;
    this.metrics = metrics;
  }

  @Override
  protected ByteBuf allocateBuffer(
      ChannelHandlerContext ctx, RawMessage msg, boolean preferDirect) {
    return ctx.alloc().heapBuffer(FrameCodec.encodedLength(msg.data().length + 3));
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, RawMessage msg, ByteBuf out) {
    byte[] frameData = msg.toFrameData();
    int len = FrameCodec.encodedLength(frameData.length);
    out.ensureWritable(len);
    if (out.hasArray()) {
      codec.encode(
          frameData, 0, frameData.length, out.array(), out.arrayOffset() + out.writerIndex());
      out.writerIndex(out.writerIndex() + len);
    } else {
      out.writeBytes(codec.encode(frameData, 0, frameData.length));
    }
    metrics.frameOut(len);
  }
}
