/**
 * The bridge's PoW mining pool (ARCHITECTURE.md §2, spec v1-waku.md §5.3): worker threads off the
 * event loops, one bounded queue, deterministic smallest-nonce search.
 */
package dev.causeway.bridge.pow;
