package dev.causeway.v2.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.v2.filter.FilterCodecException;
import dev.causeway.v2.lightpush.LightPushCodecException;
import org.junit.jupiter.api.Test;

/** The two protocol exceptions that share {@link RpcCodecException} keep their own API. */
class RpcCodecExceptionTest {
  @Test
  void filterExceptionKeepsItsReasonMessageCauseAndRequestId() {
    IllegalStateException cause = new IllegalStateException("x");
    FilterCodecException e =
        new FilterCodecException(
            FilterCodecException.Reason.UNKNOWN_TYPE, "bad type", "id-7", cause);
    FilterCodecException.Reason r = e.reason();

    assertThat(r).isSameAs(FilterCodecException.Reason.UNKNOWN_TYPE);
    assertThat(e).hasMessage("bad type").hasCause(cause).isInstanceOf(RpcCodecException.class);
    assertThat(e.requestId()).contains("id-7");
    assertThat(new FilterCodecException(FilterCodecException.Reason.MALFORMED, "m").requestId())
        .isEmpty();
  }

  @Test
  void lightPushExceptionKeepsItsReasonMessageCauseAndRequestId() {
    LightPushCodecException e =
        new LightPushCodecException(LightPushCodecException.Reason.EMPTY_BODY, "empty", "r", null);
    LightPushCodecException.Reason r = e.reason();

    assertThat(r).isSameAs(LightPushCodecException.Reason.EMPTY_BODY);
    assertThat(e).hasMessage("empty").hasNoCause();
    assertThat(e.requestId()).contains("r");
    LightPushCodecException bare =
        new LightPushCodecException(LightPushCodecException.Reason.TOO_LARGE, "big");
    assertThat(bare.requestId()).isEmpty();
    assertThat(((RpcCodecException) bare).reason())
        .isSameAs(LightPushCodecException.Reason.TOO_LARGE);
  }
}
