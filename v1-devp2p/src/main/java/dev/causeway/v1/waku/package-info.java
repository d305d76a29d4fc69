/**
 * The {@code waku/1} node ({@code v1-waku.md} §4, §8–§10): {@link dev.causeway.v1.waku.WakuV1Node}
 * runs a devp2p host serving the {@code waku/1} capability, keeps the envelope pool, floods each
 * peer what it accepts (PoW requirement, bloom or topic interest) in Messages packets within the
 * packet limit, enforces per-peer rate limits, mines local posts off the event loops and tells
 * {@link dev.causeway.v1.waku.EnvelopeListener}s about every new valid envelope. One
 * package-private {@code WakuV1Peer} per session holds the Status handshake and flooding state;
 * codecs, pool and validation live in the sub-packages.
 */
package dev.causeway.v1.waku;
