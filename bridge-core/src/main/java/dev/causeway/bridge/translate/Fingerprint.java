package dev.causeway.bridge.translate;

import dev.causeway.v1.waku.envelope.Topic;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The cross-direction payload fingerprint {@code SHA-256(v1 topic (4 bytes) ‖ payload)}
 * (ARCHITECTURE.md §5, spec bridge-mapping.md §5): the same for an envelope and for every message
 * translated from it or into it, whichever bridge did the translating, because payload bytes are
 * copied verbatim and the topic maps one to one. 26/WAKU-PAYLOAD payloads carry random padding and
 * IVs, so distinct messages do not collide in practice.
 */
public final class Fingerprint {
  /** Fingerprint length. */
  public static final int LENGTH = 32;

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(Fingerprint::newSha256);

  private Fingerprint() {}

  /** Fingerprint of {@code payload} on {@code topic}; the buffer's position is not changed. */
  public static byte[] of(Topic topic, ByteBuffer payload) {
    MessageDigest d = SHA256.get();
    d.reset();
    d.update(topic.bytes());
    d.update(payload.duplicate());
    return d.digest();
  }

  /** Fingerprint of {@code payload} on {@code topic}. */
  public static byte[] of(Topic topic, byte[] payload) {
    return of(topic, ByteBuffer.wrap(payload));
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
    }
  }
}
