package dev.causeway.libp2p.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;

/**
 * Turns WebSocket data frames into the plain byte stream libp2p runs over (spec libp2p-core.md
 * §11): binary, continuation and (leniently) text frames in; every outbound buffer becomes one
 * binary frame. Message boundaries carry no meaning.
 */
final class WebSocketFrameAdapter extends ChannelDuplexHandler {
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
      ctx.fireChannelRead(((WebSocketFrame) msg).content());
    } else if (msg instanceof TextWebSocketFrame t) {
      try {
        ctx.fireChannelRead(Unpooled.wrappedBuffer(t.text().getBytes(StandardCharsets.UTF_8)));
      } finally {
        t.release();
      }
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf b) {
      if (!b.isReadable()) {
        b.release();
        promise.setSuccess();
        return;
      }
      ctx.write(new BinaryWebSocketFrame(b), promise);
    } else {
      ctx.write(msg, promise);
    }
  }
}
