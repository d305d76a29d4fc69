/**
 * Time-windowed, size-bounded seen-sets for the bridge (ARCHITECTURE.md §5): v1 envelope hashes, v2
 * message hashes and the topic+payload fingerprint.
 */
package dev.causeway.dedup;
