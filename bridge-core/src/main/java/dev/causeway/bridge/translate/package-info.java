/**
 * Pure, deterministic translation between Waku v1 envelopes and Waku v2 messages (ARCHITECTURE.md
 * §4, spec bridge-mapping.md §2–§4): the topic mapping, the Causeway tag carried in {@code meta},
 * both translators and the cross-direction payload fingerprint. No I/O, no threads, no metrics;
 * time is passed in.
 */
package dev.causeway.bridge.translate;
