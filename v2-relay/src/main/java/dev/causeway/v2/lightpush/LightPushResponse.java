package dev.causeway.v2.lightpush;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A light push v3 {@code LightPushResponse} (spec v2-filter-lightpush.md §4).
 *
 * @param requestId the echoed request id, {@code "N/A"} when the request was not readable or was
 *     rate limited
 * @param statusCode 200 on success, else a {@link LightPushStatus} code (other values are kept as
 *     received)
 * @param statusDesc error text; absent on success (as nwaku sends it)
 * @param relayPeerCount peers the message was relayed to (on success)
 */
public record LightPushResponse(
    String requestId, int statusCode, Optional<String> statusDesc, OptionalInt relayPeerCount) {
  /** The request id a server answers with when it has none to echo (nwaku, go-waku). */
  public static final String NO_REQUEST_ID = "N/A";

  public LightPushResponse {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(statusDesc, "statusDesc");
    Objects.requireNonNull(relayPeerCount, "relayPeerCount");
  }

  public boolean isSuccess() {
    return statusCode == LightPushStatus.SUCCESS.code();
  }
}
