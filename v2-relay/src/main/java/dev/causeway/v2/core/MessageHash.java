package dev.causeway.v2.core;

import dev.causeway.common.hex.Hex;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The deterministic Waku message hash (14/WAKU2-MESSAGE, spec v2-message-relay-sharding.md §3):
 * {@code SHA-256(pubsub_topic ‖ payload ‖ content_topic ‖ meta ‖ timestamp_be64)}, used as store
 * key and dedup key. Strings are UTF-8, there are no separators or length prefixes, an absent meta
 * contributes nothing, and the timestamp is always appended as 8 big-endian bytes — 8 zero bytes
 * when absent, as nwaku and go-waku do (js-waku omits them for a missing timestamp, so always set
 * one). {@code version}, {@code ephemeral} and the RLN proof are not hashed.
 *
 * <p>Not the gossipsub message id, which is {@code SHA-256} of the encoded message (§3.2).
 */
public final class MessageHash {
  /*
   * One MessageDigest per thread: hashing is on the relay/store hot path and MessageDigest
   * instances are not thread-safe; getInstance per call costs a provider lookup and an allocation.
   * The timestamp goes through an 8-byte scratch array for the same reason.
   */
  public static final int LENGTH = 32;

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(MessageHash::newSha256);
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[8]);

  private final byte[] bytes;

  private MessageHash(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Hash of {@code message} as published on {@code pubsubTopic} (the full topic string). */
  public static MessageHash of(String pubsubTopic, WakuMessage message) {
    return new MessageHash(digest(pubsubTopic.getBytes(StandardCharsets.UTF_8), message));
  }

  /** Hash of {@code message} as published on {@code pubsubTopic}. */
  public static MessageHash of(PubsubTopic pubsubTopic, WakuMessage message) {
    return new MessageHash(digest(pubsubTopic.utf8View(), message));
  }

  /** Wraps 32 hash bytes (e.g. a store cursor). */
  public static MessageHash fromBytes(byte[] hash) {
    if (hash.length != LENGTH) {
      throw new IllegalArgumentException("a message hash has 32 bytes, not " + hash.length);
    }
    return new MessageHash(hash.clone());
  }

  /**
   * Parses 64 hex digits, with or without {@code 0x}.
   *
   * @throws IllegalArgumentException if the text is not 32 bytes of hex
   */
  public static MessageHash parse(String hex) {
    return fromBytes(Hex.decode(hex));
  }

  private static byte[] digest(byte[] pubsubTopicUtf8, WakuMessage m) {
    MessageDigest d = SHA256.get();
    d.reset();
    d.update(pubsubTopicUtf8);
    d.update(m.payloadView());
    d.update(m.contentTopic().getBytes(StandardCharsets.UTF_8));
    d.update(m.metaView());
    byte[] ts = SCRATCH.get();
    long t = m.timestampOrZero();
    for (int i = 7; i >= 0; i--) {
      ts[i] = (byte) t;
      t >>>= 8;
    }
    d.update(ts);
    return d.digest();
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
    }
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  /** {@code 0x}-prefixed lower-case hex, as nwaku's REST API renders hashes. */
  public String to0xHex() {
    return "0x" + Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageHash h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return to0xHex();
  }
}
