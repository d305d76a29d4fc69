package dev.causeway.v2.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.causeway.v2.core.pb.MessageProto;
import org.junit.jupiter.api.Test;

class BoundedProtobufTest {
  /** Says which rejection was asked for, as a codec's own checked exception. */
  private static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    Rejected(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final BoundedProtobuf.Rejections<Rejected> REJECTIONS =
      BoundedProtobuf.rejections(
          (size, limit) -> new Rejected("tooLarge " + size + " " + limit, null),
          cause -> new Rejected("malformed", cause));

  private static byte[] message() {
    return WakuMessage.builder()
        .payload(new byte[] {1, 2, 3, 4})
        .contentTopic("/a/1/b/c")
        .build()
        .encode();
  }

  @Test
  void aliasingParsesLikeParseFromBytes() throws Exception {
    byte[] body = message();
    MessageProto.WakuMessage parsed =
        BoundedProtobuf.parse(
            body,
            body.length,
            BoundedProtobuf.aliasing(MessageProto.WakuMessage::parseFrom),
            REJECTIONS);

    assertThat(parsed).isEqualTo(MessageProto.WakuMessage.parseFrom(body));
  }

  @Test
  void aStrayEndGroupTagIsMalformedAsWithParseFromBytes() {
    byte[] body = {0x0c}; // field 1, wire type 4 (end group)
    assertThatThrownBy(() -> MessageProto.WakuMessage.parseFrom(body))
        .isInstanceOf(InvalidProtocolBufferException.class);
    assertThatThrownBy(
            () ->
                BoundedProtobuf.parse(
                    body,
                    16,
                    BoundedProtobuf.aliasing(MessageProto.WakuMessage::parseFrom),
                    REJECTIONS))
        .isInstanceOf(Rejected.class)
        .hasMessage("malformed")
        .hasCauseInstanceOf(InvalidProtocolBufferException.class);
  }

  @Test
  void aBodyAboveTheLimitIsRefusedBeforeTheParserRuns() {
    byte[] body = message();
    assertThatThrownBy(
            () ->
                BoundedProtobuf.parse(
                    body,
                    body.length - 1,
                    b -> {
                      throw new AssertionError("parser ran");
                    },
                    REJECTIONS))
        .isInstanceOf(Rejected.class)
        .hasMessage("tooLarge " + body.length + " " + (body.length - 1));
  }
}
