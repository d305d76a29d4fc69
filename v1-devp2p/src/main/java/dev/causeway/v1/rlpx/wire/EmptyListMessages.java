package dev.causeway.v1.rlpx.wire;

import dev.causeway.v1.rlp.RlpException;
import dev.causeway.v1.rlp.RlpReader;

/** Shared encoding and tolerant check for the payload-less Ping and Pong. */
final class EmptyListMessages {
  private EmptyListMessages() {}

  static byte[] encode() {
    return new byte[] {(byte) 0xc0};
  }

  static void check(byte[] msgData, String name) throws WireException {
    if (msgData.length == 0) {
      return;
    }
    try {
      RlpReader.of(msgData).skip();
    } catch (RlpException e) {
      throw new WireException("malformed " + name + ": " + e.getMessage(), e);
    }
  }
}
