package dev.causeway.v2.node;

import dev.causeway.v2.store.archive.RetentionPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Which v2 services a {@link WakuServiceNode} serves besides relay, with nwaku's settings (spec
 * v2-store.md §5, v2-filter-lightpush.md §6; ARCHITECTURE.md §7).
 *
 * @param storeDbUrl the archive ({@code sqlite://<path>} or {@code
 *     postgres://user:pw@host:port/db}, nwaku's {@code --store-message-db-url}); empty = no store
 * @param retentionPolicy nwaku's {@code --store-message-retention-policy} ({@code time:<seconds>},
 *     {@code capacity:<count>}, {@code size:<n>GB}; several joined by {@code ;}), parsed by {@link
 *     RetentionPolicy#parse}
 * @param storeMaxPageSize largest page a store query gets (nwaku: 100)
 * @param archiveTimestampWindow messages further than this from our clock are not archived (nwaku:
 *     20 s)
 * @param retentionInterval how often the retention policy runs
 * @param filter serve filter v2
 * @param lightpush serve light push v2 and v3
 */
public record ServiceConfig(
    Optional<String> storeDbUrl,
    String retentionPolicy,
    int storeMaxPageSize,
    Duration archiveTimestampWindow,
    Duration retentionInterval,
    boolean filter,
    boolean lightpush) {

  /** nwaku's default retention: two days. */
  public static final String DEFAULT_RETENTION = "time:172800";

  public ServiceConfig {
    Objects.requireNonNull(storeDbUrl, "storeDbUrl");
    Objects.requireNonNull(retentionPolicy, "retentionPolicy");
    Objects.requireNonNull(archiveTimestampWindow, "archiveTimestampWindow");
    Objects.requireNonNull(retentionInterval, "retentionInterval");
    if (storeMaxPageSize < 1) {
      throw new IllegalArgumentException("store max page size must be at least 1");
    }
    RetentionPolicy.parse(retentionPolicy); // fail early on a typo
  }

  /** Relay only. */
  public static ServiceConfig none() {
    return new ServiceConfig(
        Optional.empty(),
        DEFAULT_RETENTION,
        100,
        Duration.ofSeconds(20),
        Duration.ofMinutes(5),
        false,
        false);
  }

  public ServiceConfig withStore(String dbUrl) {
    return new ServiceConfig(
        Optional.of(dbUrl),
        retentionPolicy,
        storeMaxPageSize,
        archiveTimestampWindow,
        retentionInterval,
        filter,
        lightpush);
  }

  public ServiceConfig withRetention(String policy, Duration interval) {
    return new ServiceConfig(
        storeDbUrl, policy, storeMaxPageSize, archiveTimestampWindow, interval, filter, lightpush);
  }

  public ServiceConfig withStoreMaxPageSize(int max) {
    return new ServiceConfig(
        storeDbUrl,
        retentionPolicy,
        max,
        archiveTimestampWindow,
        retentionInterval,
        filter,
        lightpush);
  }

  public ServiceConfig withArchiveTimestampWindow(Duration window) {
    return new ServiceConfig(
        storeDbUrl,
        retentionPolicy,
        storeMaxPageSize,
        window,
        retentionInterval,
        filter,
        lightpush);
  }

  public ServiceConfig withFilter(boolean on) {
    return new ServiceConfig(
        storeDbUrl,
        retentionPolicy,
        storeMaxPageSize,
        archiveTimestampWindow,
        retentionInterval,
        on,
        lightpush);
  }

  public ServiceConfig withLightpush(boolean on) {
    return new ServiceConfig(
        storeDbUrl,
        retentionPolicy,
        storeMaxPageSize,
        archiveTimestampWindow,
        retentionInterval,
        filter,
        on);
  }

  /** True when any service beyond relay is on (light clients reach us, so WebSocket should be). */
  public boolean servesLightClients() {
    return storeDbUrl.isPresent() || filter || lightpush;
  }
}
