package dev.causeway.v2.lightpush;

import java.util.Objects;
import java.util.Optional;

/**
 * A light push v2 {@code PushResponse} with the request id of its {@code PushRpc} (spec
 * v2-filter-lightpush.md §3).
 *
 * @param requestId the echoed request id; empty when the request was not decodable, {@code "N/A"}
 *     when it was rate limited (nwaku)
 * @param success {@code is_success}
 * @param info {@code "OK"} on success, else the error text
 */
public record LegacyPushResponse(String requestId, boolean success, Optional<String> info) {
  public LegacyPushResponse {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(info, "info");
  }
}
