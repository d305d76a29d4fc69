package dev.causeway.libp2p.pubsub.gossipsub;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Computes the id of a pubsub message (spec libp2p-gossipsub.md §3.1). All peers of a topic must
 * use the same function. Must be deterministic and must not throw.
 */
@FunctionalInterface
public interface MessageIdFunction {
  MessageId apply(PubsubMessage message);

  /**
   * SHA-256 of the message {@code data}, the raw 32 bytes: what nwaku, go-waku and js-waku use
   * (§3.1) and the only sensible choice under StrictNoSign.
   */
  static MessageIdFunction sha256OfData() {
    // One digest per thread: getInstance per message costs a provider lookup, and a fresh digest
    // also allocates a fresh staging array for the read-only buffer of the data every time.
    ThreadLocal<MessageDigest> sha256 =
        ThreadLocal.withInitial(
            () -> {
              try {
                return MessageDigest.getInstance("SHA-256");
              } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
              }
            });
    return message -> {
      MessageDigest md = sha256.get();
      md.reset();
      md.update(message.dataBytes().asReadOnlyByteBuffer());
      return MessageId.wrap(md.digest());
    };
  }
}
