/**
 * Multiformats unsigned varints and uvarint-length-prefixed messages (spec libp2p-core.md §1): the
 * framing under multistream-select, multiaddr, identify, gossipsub and the Waku request/response
 * protocols. Pure byte-array code, no I/O; every decoder is bounded and throws {@link
 * dev.causeway.libp2p.varint.VarintException}.
 */
package dev.causeway.libp2p.varint;
