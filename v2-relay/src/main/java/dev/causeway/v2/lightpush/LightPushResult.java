package dev.causeway.v2.lightpush;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A service node's answer to one light push, either version (spec v2-filter-lightpush.md §3, §4).
 *
 * @param version the protocol version that was spoken
 * @param requestId the request id the node echoed ({@code "N/A"} when it did not read the request)
 * @param statusCode v3: the {@code status_code} as received. v2 carries no code: 200 when {@code
 *     is_success}, 429 when the node rate limited the request ({@code TOO_MANY_REQUESTS}), else 0
 *     (nwaku's and js-waku's "unknown")
 * @param description v3 {@code status_desc}; v2 {@code info}
 * @param relayPeerCount v3 {@code relay_peer_count}, when sent
 */
public record LightPushResult(
    LightPushVersion version,
    String requestId,
    int statusCode,
    Optional<String> description,
    OptionalInt relayPeerCount) {
  public LightPushResult {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(relayPeerCount, "relayPeerCount");
  }

  public boolean isSuccess() {
    return statusCode == LightPushStatus.SUCCESS.code();
  }

  static LightPushResult of(LightPushResponse r) {
    return new LightPushResult(
        LightPushVersion.V3, r.requestId(), r.statusCode(), r.statusDesc(), r.relayPeerCount());
  }

  static LightPushResult of(LegacyPushResponse r) {
    int code;
    if (r.success()) {
      code = LightPushStatus.SUCCESS.code();
    } else if (r.info().filter(LightPushProtocol.RATE_LIMITED_V2::equals).isPresent()) {
      code = LightPushStatus.TOO_MANY_REQUESTS.code();
    } else {
      code = 0;
    }
    return new LightPushResult(
        LightPushVersion.V2, r.requestId(), code, r.info(), OptionalInt.empty());
  }
}
