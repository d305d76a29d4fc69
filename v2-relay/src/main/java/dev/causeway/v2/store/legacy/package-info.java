/**
 * Legacy store v2, {@code /vac/waku/store/2.0.0-beta4} (spec v2-store.md §4): codec, serving side
 * ({@link dev.causeway.v2.store.legacy.LegacyStoreHandler}, mounted by {@link
 * dev.causeway.v2.store.legacy.LegacyStoreProtocol} on the shared {@link
 * dev.causeway.v2.store.StoreServer}) and client, on the same archive as store v3. The legacy
 * {@link dev.causeway.v2.store.legacy.Index} cursor carries the v3 message hash in its digest.
 */
package dev.causeway.v2.store.legacy;
