package dev.causeway.bridge.translate;

import dev.causeway.v1.waku.envelope.Topic;

/**
 * The v1 topic ⇄ v2 content topic mapping (spec bridge-mapping.md §2, 23/WAKU2-TOPICS): {@code t0
 * t1 t2 t3 ⇄ /waku/1/0x<8 lowercase hex>/rfc26}.
 *
 * <p>Emitting is canonical (lowercase, {@code 0x}). Parsing accepts exactly {@code
 * ^/waku/1/0x[0-9a-fA-F]{8}/rfc26$}: hex digits of either case, the {@code 0x} prefix required (as
 * status-go requires it; nwaku's optional prefix and extra digits are not tolerated), no other
 * encoding than {@code rfc26}, no autosharding prefix. A content topic outside the {@code /waku/1/}
 * namespace is {@link SkipReason#OTHER_CONTENT_TOPIC}; one inside it that does not match is {@link
 * SkipReason#BAD_CONTENT_TOPIC}.
 */
public final class TopicMapping {
  /** Namespace of bridged content topics. */
  public static final String PREFIX = "/waku/1/";

  /** Encoding suffix of bridged content topics. */
  public static final String SUFFIX = "/rfc26";

  /** Length of every canonical bridged content topic. */
  public static final int LENGTH = PREFIX.length() + 10 + SUFFIX.length();

  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private TopicMapping() {}

  /** {@code /waku/1/0x<8 lowercase hex>/rfc26}. */
  public static String toContentTopic(Topic topic) {
    char[] out = new char[LENGTH];
    PREFIX.getChars(0, PREFIX.length(), out, 0);
    int p = PREFIX.length();
    out[p++] = '0';
    out[p++] = 'x';
    int v = topic.toInt();
    for (int shift = 28; shift >= 0; shift -= 4) {
      out[p++] = DIGITS[(v >>> shift) & 0xf];
    }
    SUFFIX.getChars(0, SUFFIX.length(), out, p);
    return new String(out);
  }

  /**
   * The v1 topic of a bridged content topic.
   *
   * @throws TranslationException {@link SkipReason#OTHER_CONTENT_TOPIC} or {@link
   *     SkipReason#BAD_CONTENT_TOPIC}
   */
  public static Topic toTopic(String contentTopic) throws TranslationException {
    if (!contentTopic.startsWith(PREFIX)) {
      throw new TranslationException(SkipReason.OTHER_CONTENT_TOPIC, "not a /waku/1/ topic");
    }
    if (contentTopic.length() != LENGTH
        || !contentTopic.endsWith(SUFFIX)
        || contentTopic.charAt(PREFIX.length()) != '0'
        || contentTopic.charAt(PREFIX.length() + 1) != 'x') {
      throw new TranslationException(
          SkipReason.BAD_CONTENT_TOPIC, "not /waku/1/0x<8 hex digits>/rfc26");
    }
    int v = 0;
    for (int i = PREFIX.length() + 2; i < PREFIX.length() + 10; i++) {
      int d = hexDigit(contentTopic.charAt(i));
      if (d < 0) {
        throw new TranslationException(SkipReason.BAD_CONTENT_TOPIC, "name is not 8 hex digits");
      }
      v = (v << 4) | d;
    }
    return Topic.ofInt(v);
  }

  /** The value of an ASCII hex digit of either case, or -1. */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
