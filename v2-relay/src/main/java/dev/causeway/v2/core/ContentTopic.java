package dev.causeway.v2.core;

import java.util.Objects;

/**
 * A parsed content topic (23/WAKU2-TOPICS, RELAY-SHARDING; spec v2-message-relay-sharding.md §4.1):
 * {@code /{application}/{version}/{name}/{encoding}}, optionally preceded by a generation part
 * {@code /{generation}/...}. Only generation 0 exists; {@code /0/...} routes like the short form.
 *
 * <p>Parsing follows nwaku and js-waku: the text must start with {@code /}, split into exactly 4 or
 * 5 non-empty parts, and with 5 parts the first must be a decimal number equal to 0. Content topics
 * are otherwise opaque: store and filter match them as exact strings, so {@link #toString()}
 * returns the form that was parsed (with or without the generation prefix).
 */
public final class ContentTopic {
  private final boolean generationPrefix;
  private final String application;
  private final String version;
  private final String name;
  private final String encoding;
  private final String text;

  private ContentTopic(
      boolean generationPrefix,
      String application,
      String version,
      String name,
      String encoding,
      String text) {
    this.generationPrefix = generationPrefix;
    this.application = application;
    this.version = version;
    this.name = name;
    this.encoding = encoding;
    this.text = text;
  }

  /**
   * A short-form topic {@code /{application}/{version}/{name}/{encoding}}.
   *
   * @throws IllegalArgumentException if a part is empty or contains {@code /}
   */
  public static ContentTopic of(String application, String version, String name, String encoding) {
    for (String p : new String[] {application, version, name, encoding}) {
      if (p.isEmpty() || p.indexOf('/') >= 0) {
        throw new IllegalArgumentException("content topic parts must be non-empty without '/'");
      }
    }
    return new ContentTopic(
        false,
        application,
        version,
        name,
        encoding,
        "/" + application + "/" + version + "/" + name + "/" + encoding);
  }

  /**
   * Parses a content topic.
   *
   * @throws ContentTopicException with the {@link ContentTopicException.Reason} it violates
   */
  public static ContentTopic parse(String topic) throws ContentTopicException {
    Objects.requireNonNull(topic, "topic");
    if (topic.isEmpty() || topic.charAt(0) != '/') {
      throw new ContentTopicException(
          ContentTopicException.Reason.NO_LEADING_SLASH,
          "invalid format: topic must start with slash");
    }
    String[] parts = new String[5];
    int count = 0;
    int start = 1;
    while (true) {
      int slash = topic.indexOf('/', start);
      int end = slash < 0 ? topic.length() : slash;
      if (count == 5) {
        throw new ContentTopicException(
            ContentTopicException.Reason.WRONG_PART_COUNT,
            "invalid format: a content topic has 4 or 5 parts");
      }
      parts[count++] = topic.substring(start, end);
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    if (count < 4) {
      throw new ContentTopicException(
          ContentTopicException.Reason.WRONG_PART_COUNT,
          "invalid format: a content topic has 4 or 5 parts, not " + count);
    }
    for (int i = 0; i < count; i++) {
      if (parts[i].isEmpty()) {
        throw new ContentTopicException(
            ContentTopicException.Reason.EMPTY_PART, "invalid format: empty part " + (i + 1));
      }
    }
    if (count == 4) {
      return new ContentTopic(false, parts[0], parts[1], parts[2], parts[3], topic);
    }
    String gen = parts[0];
    boolean zero = true;
    for (int i = 0; i < gen.length(); i++) {
      char c = gen.charAt(i);
      if (c < '0' || c > '9') {
        throw new ContentTopicException(
            ContentTopicException.Reason.GENERATION_NOT_A_NUMBER,
            "invalid format: generation must be a number");
      }
      zero &= c == '0';
    }
    if (!zero) {
      throw new ContentTopicException(
          ContentTopicException.Reason.UNSUPPORTED_GENERATION,
          "Generation > 0 are not supported yet");
    }
    return new ContentTopic(true, parts[1], parts[2], parts[3], parts[4], topic);
  }

  /** Always 0: no other generation is supported anywhere. */
  public int generation() {
    return 0;
  }

  /** True if the topic was written with the {@code /0/} generation prefix. */
  public boolean hasGenerationPrefix() {
    return generationPrefix;
  }

  public String application() {
    return application;
  }

  public String version() {
    return version;
  }

  public String name() {
    return name;
  }

  public String encoding() {
    return encoding;
  }

  /** The topic exactly as parsed or built. */
  @Override
  public String toString() {
    return text;
  }

  /** Equal when the text is equal (matching is by exact string everywhere, §4.1). */
  @Override
  public boolean equals(Object o) {
    return o instanceof ContentTopic t && text.equals(t.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
