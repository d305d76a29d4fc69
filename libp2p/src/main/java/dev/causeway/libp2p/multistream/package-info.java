/**
 * multistream-select 1.0 (spec libp2p-core.md §2): the codec for its newline-terminated,
 * length-prefixed messages and pure state machines for both roles ({@link
 * dev.causeway.libp2p.multistream.MultistreamInitiator}, {@link
 * dev.causeway.libp2p.multistream.MultistreamResponder}). No I/O: callers feed inbound bytes, write
 * the outbound bytes, and on selection hand the bytes left over to the selected protocol.
 */
package dev.causeway.libp2p.multistream;
