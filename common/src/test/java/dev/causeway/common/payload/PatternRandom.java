package dev.causeway.common.payload;

import java.security.SecureRandom;

/** A deterministic SecureRandom stand-in: emits 1, 2, 3, … (mod 256) from {@link #nextBytes}. */
final class PatternRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;
  private int next = 1;

  @Override
  public void nextBytes(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) next++;
    }
  }
}
