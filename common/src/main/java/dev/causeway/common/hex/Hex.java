package dev.causeway.common.hex;

/**
 * Lower-case hexadecimal encoding and strict decoding (an optional {@code 0x} prefix is accepted).
 */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** Encodes all of {@code bytes} as lower-case hex without prefix. */
  public static String encode(byte[] bytes) {
    return encode(bytes, 0, bytes.length);
  }

  /** Encodes {@code len} bytes from {@code off} as lower-case hex without prefix. */
  public static String encode(byte[] bytes, int off, int len) {
    char[] out = new char[len * 2];
    for (int i = 0; i < len; i++) {
      int b = bytes[off + i] & 0xff;
      out[2 * i] = DIGITS[b >>> 4];
      out[2 * i + 1] = DIGITS[b & 0x0f];
    }
    return new String(out);
  }

  /**
   * Decodes hex text (upper or lower case, optional {@code 0x} prefix, even length).
   *
   * @throws IllegalArgumentException on odd length or a non-hex character
   */
  public static byte[] decode(CharSequence text) {
    int start = 0;
    int n = text.length();
    if (n >= 2 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X')) {
      start = 2;
    }
    int digits = n - start;
    if ((digits & 1) != 0) {
      throw new IllegalArgumentException("hex text has an odd number of digits: " + digits);
    }
    byte[] out = new byte[digits / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(text.charAt(start + 2 * i), 16);
      int lo = Character.digit(text.charAt(start + 2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException("not a hex digit at position " + (start + 2 * i));
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  /** Decodes hex text after removing all whitespace (for multi-line test vectors). */
  public static byte[] decodeLenient(CharSequence text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c)) {
        sb.append(c);
      }
    }
    return decode(sb);
  }
}
