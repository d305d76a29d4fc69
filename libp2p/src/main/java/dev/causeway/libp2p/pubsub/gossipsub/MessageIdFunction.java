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
    return message -> {
      MessageDigest md;
      try {
        md = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
      }
      md.update(message.dataBytes().asReadOnlyByteBuffer());
      return MessageId.wrap(md.digest());
    };
  }
}
