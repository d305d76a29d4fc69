package dev.causeway.v2.filter;

/**
 * Filter v2 status codes and the descriptions our service sends with them, taken from nwaku's
 * {@code FilterSubscribeErrorKind} (spec v2-filter-lightpush.md §1.2). 300, 504 and 0 exist only on
 * the client side and are never sent.
 */
public final class FilterStatus {
  private FilterStatus() {}

  public static final int OK = 200;
  public static final int BAD_RESPONSE = 300;
  public static final int BAD_REQUEST = 400;
  public static final int NOT_FOUND = 404;
  public static final int TOO_MANY_REQUESTS = 429;
  public static final int SERVICE_UNAVAILABLE = 503;
  public static final int PEER_DIAL_FAILURE = 504;

  /** Request id of answers to requests that could not be read or were rate-limited (nwaku). */
  public static final String NO_REQUEST_ID = "N/A";

  static final String MISSING_CRITERIA =
      "BAD_REQUEST: pubsubTopic and contentTopics must be specified";
  static final String NO_SUBSCRIPTIONS = "NOT_FOUND: peer has no subscriptions";
  static final String RATE_LIMITED = "filter request rejected due rate limit exceeded";
  static final String MAX_CRITERIA =
      "SERVICE_UNAVAILABLE: peer has reached maximum number of filter criteria";

  static String tooManyContentTopics(int max) {
    return "BAD_REQUEST: exceeds maximum content topics: " + max;
  }

  static String maxPeers(int max) {
    return "SERVICE_UNAVAILABLE: node has reached maximum number of subscriptions: " + max;
  }
}
