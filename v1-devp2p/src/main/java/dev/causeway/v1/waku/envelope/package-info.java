/**
 * {@code waku/1} envelopes ({@code v1-waku.md} §5–§8): the {@link
 * dev.causeway.v1.waku.envelope.Envelope} value and its strict RLP codec, {@link
 * dev.causeway.v1.waku.envelope.Topic} and {@link dev.causeway.v1.waku.envelope.BloomFilter} (with
 * the go-ethereum bloom quirk), proof-of-work arithmetic and a deterministic allocation-free {@link
 * dev.causeway.v1.waku.envelope.PowMiner}, and the receive-side {@link
 * dev.causeway.v1.waku.envelope.EnvelopeValidator}. Pure values and functions; no I/O.
 */
package dev.causeway.v1.waku.envelope;
