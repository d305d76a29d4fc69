package dev.causeway.libp2p.peer;

import java.math.BigInteger;
import java.util.Arrays;

/** base58btc (Bitcoin alphabet), as used for legacy peer-id text. */
public final class Base58 {
  private static final char[] ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
  private static final int[] INDEXES = new int[128];
  private static final BigInteger BASE = BigInteger.valueOf(58);

  static {
    Arrays.fill(INDEXES, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      INDEXES[ALPHABET[i]] = i;
    }
  }

  private Base58() {}

  public static String encode(byte[] input) {
    int zeros = 0;
    while (zeros < input.length && input[zeros] == 0) {
      zeros++;
    }
    StringBuilder sb = new StringBuilder();
    BigInteger n = new BigInteger(1, input);
    while (n.signum() > 0) {
      BigInteger[] qr = n.divideAndRemainder(BASE);
      sb.append(ALPHABET[qr[1].intValue()]);
      n = qr[0];
    }
    for (int i = 0; i < zeros; i++) {
      sb.append('1');
    }
    return sb.reverse().toString();
  }

  /**
   * Decodes base58btc text (at most {@code maxChars} characters, checked first).
   *
   * @throws IllegalArgumentException on an invalid character or overlong input
   */
  public static byte[] decode(String text, int maxChars) {
    if (text.length() > maxChars) {
      throw new IllegalArgumentException("base58 text longer than " + maxChars);
    }
    int zeros = 0;
    while (zeros < text.length() && text.charAt(zeros) == '1') {
      zeros++;
    }
    BigInteger n = BigInteger.ZERO;
    for (int i = zeros; i < text.length(); i++) {
      char c = text.charAt(i);
      int d = c < 128 ? INDEXES[c] : -1;
      if (d < 0) {
        throw new IllegalArgumentException("invalid base58 character '" + c + "'");
      }
      n = n.multiply(BASE).add(BigInteger.valueOf(d));
    }
    byte[] body = n.signum() == 0 ? new byte[0] : n.toByteArray();
    if (body.length > 1 && body[0] == 0) {
      body = Arrays.copyOfRange(body, 1, body.length);
    }
    byte[] out = new byte[zeros + body.length];
    System.arraycopy(body, 0, out, zeros, body.length);
    return out;
  }
}
