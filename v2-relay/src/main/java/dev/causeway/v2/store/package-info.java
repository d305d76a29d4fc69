/**
 * 13/WAKU2-STORE v3, {@code /vac/waku/store-query/3.0.0} (spec v2-store.md §2-§3): the codec
 * ({@link dev.causeway.v2.store.StoreCodec}), the serving side without I/O ({@link
 * dev.causeway.v2.store.StoreQueryHandler}), the stream server shared with the legacy protocol
 * ({@link dev.causeway.v2.store.StoreServer}: bounded workers, per-peer rate limit), the mountable
 * service ({@link dev.causeway.v2.store.StoreProtocol}), the client ({@link
 * dev.causeway.v2.store.StoreClient}) and metrics. Messages come from a {@link
 * dev.causeway.v2.store.archive.MessageArchive}; the legacy protocol is in {@code legacy}.
 */
package dev.causeway.v2.store;
