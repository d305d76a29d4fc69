/**
 * The devp2p base protocol (spec v1-rlpx-devp2p.md §7): Hello, Disconnect, Ping and Pong messages,
 * the frame-data split into msg-id and msg-data ({@link dev.causeway.v1.rlpx.wire.RawMessage}),
 * capability negotiation with message-id offsets ({@link
 * dev.causeway.v1.rlpx.wire.SharedCapabilities}) and Snappy msg-data compression. Pure values and
 * codecs; bad input raises {@link dev.causeway.v1.rlpx.wire.WireException}.
 */
package dev.causeway.v1.rlpx.wire;
