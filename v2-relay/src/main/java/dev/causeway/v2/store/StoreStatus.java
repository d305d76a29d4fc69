package dev.causeway.v2.store;

/** Store v3 status codes and descriptions as nwaku emits them (spec v2-store.md §3.4). */
public final class StoreStatus {
  private StoreStatus() {}

  /** Success; description {@code "OK"}. */
  public static final int OK = 200;

  /** nwaku's {@code BAD_RESPONSE}: the archive failed (driver error, unknown cursor). */
  public static final int BAD_RESPONSE = 300;

  /** The request did not decode or is invalid. */
  public static final int BAD_REQUEST = 400;

  /** The per-peer rate limit refused the request; request id {@code "N/A"}. */
  public static final int TOO_MANY_REQUESTS = 429;

  /** The store is overloaded (worker queue full) or shutting down. */
  public static final int SERVICE_UNAVAILABLE = 503;

  /** The request id nwaku puts in rate-limited answers. */
  public static final String NOT_AVAILABLE_ID = "N/A";

  public static final String OK_DESC = "OK";
  public static final String TOO_MANY_REQUESTS_DESC = "TOO_MANY_REQUESTS";
  public static final String SERVICE_UNAVAILABLE_DESC = "SERVICE_UNAVAILABLE";
}
