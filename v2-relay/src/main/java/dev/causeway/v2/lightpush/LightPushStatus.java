package dev.causeway.v2.lightpush;

import java.util.Optional;

/**
 * Light push v3 status codes as nwaku and js-waku use them (spec v2-filter-lightpush.md §4.1; the
 * spec's own table is stale: NO_PEERS_TO_RELAY is 505, not 503). Also the closed tag set of the
 * request metrics of both versions.
 */
public enum LightPushStatus {
  SUCCESS(200),
  BAD_REQUEST(400),
  /** Defined; nwaku (and we) report size violations as {@link #INVALID_MESSAGE}. */
  PAYLOAD_TOO_LARGE(413),
  INVALID_MESSAGE(420),
  UNSUPPORTED_PUBSUB_TOPIC(421),
  TOO_MANY_REQUESTS(429),
  INTERNAL_SERVER_ERROR(500),
  SERVICE_NOT_AVAILABLE(503),
  /** RLN proof generation failed; never emitted by this node (no RLN). */
  OUT_OF_RLN_PROOF(504),
  NO_PEERS_TO_RELAY(505);

  private final int code;

  LightPushStatus(int code) {
    this.code = code;
  }

  /** The wire value of {@code status_code}. */
  public int code() {
    return code;
  }

  /** The status with wire value {@code code}, if it is one of ours. */
  public static Optional<LightPushStatus> of(int code) {
    for (LightPushStatus s : values()) {
      if (s.code == code) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
