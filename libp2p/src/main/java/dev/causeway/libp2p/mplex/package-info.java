/**
 * mplex ({@code /mplex/6.7.0}, {@code spec/libp2p-core.md} §7): uvarint-framed streams without flow
 * control, as a pure {@link dev.causeway.libp2p.mux.MuxerSession}. Needed for js-waku, which offers
 * no other muxer. Entry point: {@link dev.causeway.libp2p.mplex.Mplex#session}.
 */
package dev.causeway.libp2p.mplex;
