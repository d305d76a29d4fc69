/**
 * The {@code waku/1} envelope pool and per-peer known sets ({@code v1-waku.md} §9): bounded,
 * deduplicating storage of valid envelopes with expiry pruning, lowest-PoW eviction and incremental
 * per-peer "what to send next" scans. Pure state, time injected; no I/O.
 */
package dev.causeway.v1.waku.pool;
