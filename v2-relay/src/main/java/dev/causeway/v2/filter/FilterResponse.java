package dev.causeway.v2.filter;

import java.util.Objects;
import java.util.Optional;

/**
 * A {@code FilterSubscribeResponse} (spec v2-filter-lightpush.md §1, §1.2) as an immutable value.
 *
 * @param requestId the id of the request answered ({@code "N/A"} when the server could not read it
 *     or rate-limited it)
 * @param statusCode {@link FilterStatus} code; 2xx is success
 * @param statusDesc optional human-readable text (nwaku's wording, see {@link FilterStatus})
 */
public record FilterResponse(String requestId, int statusCode, Optional<String> statusDesc) {
  public FilterResponse {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(statusDesc, "statusDesc");
  }

  public static FilterResponse ok(String requestId) {
    return new FilterResponse(requestId, FilterStatus.OK, Optional.of("OK"));
  }

  public static FilterResponse error(String requestId, int statusCode, String desc) {
    return new FilterResponse(requestId, statusCode, Optional.of(desc));
  }

  /** True for a 2xx code, as every client judges success. */
  public boolean isSuccess() {
    return statusCode >= 200 && statusCode < 300;
  }
}
