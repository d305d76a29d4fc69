/**
 * The only package of the v1 stack that touches Netty channels: the RLPx handshake handler, frame
 * decoder/encoder and the devp2p session handler, assembled by {@link
 * dev.causeway.v1.rlpx.netty.RlpxChannelInitializer}.
 */
package dev.causeway.v1.rlpx.netty;
