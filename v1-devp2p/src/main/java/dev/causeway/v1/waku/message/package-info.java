/**
 * {@code waku/1} packets ({@code v1-waku.md} §2–§4, §11, §12): one class per message with {@code
 * encode()} and a static {@code readFrom(byte[] msgData)}, the packet codes in {@link
 * dev.causeway.v1.waku.message.WakuV1MessageCodes}, status options with Status Update semantics,
 * and {@link dev.causeway.v1.waku.message.WakuPeerState}, a peer's advertised wishes. Codes are
 * relative to the capability offset ({@code v1-rlpx-devp2p.md} §7.4). Pure codecs; no I/O.
 */
package dev.causeway.v1.waku.message;
