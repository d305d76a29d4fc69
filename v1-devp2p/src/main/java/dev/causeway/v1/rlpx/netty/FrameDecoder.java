package dev.causeway.v1.rlpx.netty;

import dev.causeway.v1.rlpx.framing.FrameCodec;
import dev.causeway.v1.rlpx.framing.FramingException;
import dev.causeway.v1.rlpx.host.Devp2pMetrics;
import dev.causeway.v1.rlpx.wire.RawMessage;
import dev.causeway.v1.rlpx.wire.WireException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Reads RLPx frames ({@code v1-rlpx-devp2p.md} §5.4): header first (its MAC is verified and the
 * frame size bounded before any body is buffered), then the body; emits {@link RawMessage}s.
 * Handles fragmented reads: state between header and body is kept in {@link #frameSize}.
 */
final class FrameDecoder extends ByteToMessageDecoder {
  private final FrameCodec codec;
  private final Devp2pMetrics metrics;
  private final byte[] header = new byte[FrameCodec.HEADER_LENGTH];
  private int frameSize = -1;
  private boolean broken;

  FrameDecoder(FrameCodec codec, Devp2pMetrics metrics) {
    this.codec = codec;
    this.metrics = metrics;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws FramingException, WireException {
    if (broken) {
      in.skipBytes(in.readableBytes());
      return;
    }
    while (true) {
      if (frameSize < 0) {
        if (in.readableBytes() < FrameCodec.HEADER_LENGTH) {
          return;
        }
        in.readBytes(header);
        try {
          frameSize = codec.decodeHeader(header, 0);
        } catch (FramingException e) {
          broken = true;
          throw e;
        }
      }
      int bodyLength = FrameCodec.bodyLength(frameSize);
      if (in.readableBytes() < bodyLength) {
        return;
      }
      byte[] body = new byte[bodyLength];
      in.readBytes(body);
      byte[] frameData;
      try {
        frameData = codec.decodeBody(body, 0, frameSize);
      } catch (FramingException e) {
        broken = true;
        throw e;
      }
      metrics.frameIn(FrameCodec.HEADER_LENGTH + bodyLength);
      frameSize = -1;
      out.add(RawMessage.readFrom(frameData));
    }
  }
}
