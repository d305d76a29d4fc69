package dev.causeway.common.payload;

import dev.causeway.common.crypto.Keccak256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Status topic derivation: {@code ToTopic(s) = keccak256(UTF-8(s))[0:4]} (status-go {@code
 * protocol/transport/topic.go}; spec {@code payload-encryption.md} §7). A public chat named {@code
 * s} uses topic {@code toTopic(s)} and key {@link SymmetricKeys#fromPassword(String)
 * fromPassword(s)}.
 */
public final class Topics {
  /** Length of a Waku v1 topic. */
  public static final int TOPIC_LENGTH = 4;

  private Topics() {}

  /** The 4-byte topic for a Status topic string. */
  public static byte[] toTopic(String name) {
    return Arrays.copyOf(Keccak256.hash(name.getBytes(StandardCharsets.UTF_8)), TOPIC_LENGTH);
  }
}
