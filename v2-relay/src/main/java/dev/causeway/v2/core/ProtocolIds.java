package dev.causeway.v2.core;

import java.util.List;

/**
 * libp2p protocol ids of the Waku v2 protocols (nwaku {@code waku/waku_core/codecs.nim}; specs
 * v2-message-relay-sharding.md §5 and §7, v2-store.md, v2-filter-lightpush.md, v2-discovery.md).
 */
public final class ProtocolIds {
  private ProtocolIds() {}

  /** 11/WAKU2-RELAY: gossipsub v1.1 under the Waku id. */
  public static final String RELAY = "/vac/waku/relay/2.0.0";

  /** 66/WAKU2-METADATA. */
  public static final String METADATA = "/vac/waku/metadata/1.0.0";

  /** 13/WAKU2-STORE v3 query. */
  public static final String STORE_QUERY = "/vac/waku/store-query/3.0.0";

  /** Legacy store v2. */
  public static final String LEGACY_STORE = "/vac/waku/store/2.0.0-beta4";

  /** 12/WAKU2-FILTER v2, subscribe side (client to service node). */
  public static final String FILTER_SUBSCRIBE = "/vac/waku/filter-subscribe/2.0.0-beta1";

  /** 12/WAKU2-FILTER v2, push side (service node to client). */
  public static final String FILTER_PUSH = "/vac/waku/filter-push/2.0.0-beta1";

  /** 19/WAKU2-LIGHTPUSH v2 (legacy). */
  public static final String LIGHTPUSH_V2 = "/vac/waku/lightpush/2.0.0-beta1";

  /** LIGHTPUSH v3. */
  public static final String LIGHTPUSH_V3 = "/vac/waku/lightpush/3.0.0";

  /** 34/WAKU2-PEER-EXCHANGE. */
  public static final String PEER_EXCHANGE = "/vac/waku/peer-exchange/2.0.0-alpha1";

  /** Every id above. */
  public static final List<String> ALL =
      List.of(
          RELAY,
          METADATA,
          STORE_QUERY,
          LEGACY_STORE,
          FILTER_SUBSCRIBE,
          FILTER_PUSH,
          LIGHTPUSH_V2,
          LIGHTPUSH_V3,
          PEER_EXCHANGE);
}
