package dev.causeway.v2.store.archive;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A retention policy parsed from nwaku's {@code --store-message-retention-policy} syntax (spec
 * v2-store.md §5.3): {@code time:<seconds>}, {@code capacity:<count>}, {@code size:<n>(KB|MB|GB)}
 * (1 KB = 1024 bytes; decimals allowed), several joined with {@code ;} and applied as a union;
 * {@code none} or empty = keep everything. Case-insensitive.
 *
 * <p>Semantics (exact, unlike nwaku's hysteresis): {@code time} deletes entries with {@code
 * timestamp < now - seconds}; {@code capacity} keeps the newest {@code count} entries; {@code size}
 * deletes the oldest entries until the backend's measure of the stored data is at most the limit
 * (SQLite: used pages, i.e. {@code (page_count - freelist_count) × page_size}, so freed pages do
 * not trigger further trimming; PostgreSQL: the summed on-disk size of the live rows, {@code
 * pg_column_size}, without indexes and dead tuples).
 */
public record RetentionPolicy(List<Rule> rules) {
  /** One rule of a policy. */
  public sealed interface Rule permits Time, Capacity, Size {}

  /** Keep entries younger than {@code maxAge} (by message timestamp against the clock). */
  public record Time(Duration maxAge) implements Rule {}

  /** Keep at most the newest {@code maxMessages} entries. */
  public record Capacity(long maxMessages) implements Rule {}

  /** Keep the stored data at most {@code maxBytes}, deleting oldest first. */
  public record Size(long maxBytes) implements Rule {}

  public static final RetentionPolicy NONE = new RetentionPolicy(List.of());

  // nwaku: ^\w+:\d*\.?\d+((g|m)b)?$ per rule; KB added for small deployments and tests.
  private static final Pattern RULE =
      Pattern.compile("^(\\w+):(\\d*\\.?\\d+)(kb|mb|gb)?$", Pattern.CASE_INSENSITIVE);

  public RetentionPolicy {
    rules = List.copyOf(rules);
  }

  public boolean isNone() {
    return rules.isEmpty();
  }

  /**
   * Parses a policy string.
   *
   * @throws IllegalArgumentException with the offending rule if the text is not a valid policy
   */
  public static RetentionPolicy parse(String text) {
    if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) {
      return NONE;
    }
    List<Rule> out = new ArrayList<>();
    for (String part : text.split(";", -1)) {
      String p = part.trim();
      Matcher m = RULE.matcher(p);
      if (!m.matches()) {
        throw new IllegalArgumentException("invalid retention policy rule: '" + p + "'");
      }
      String kind = m.group(1).toLowerCase(Locale.ROOT);
      BigDecimal value = new BigDecimal(m.group(2));
      String unit = m.group(3) == null ? null : m.group(3).toLowerCase(Locale.ROOT);
      switch (kind) {
        case "time" -> {
          requireNoUnit(p, unit);
          out.add(new Time(Duration.ofSeconds(whole(p, value))));
        }
        case "capacity" -> {
          requireNoUnit(p, unit);
          out.add(new Capacity(whole(p, value)));
        }
        case "size" -> {
          if (unit == null) {
            throw new IllegalArgumentException("size rule needs KB, MB or GB: '" + p + "'");
          }
          long mult =
              switch (unit) {
                case "kb" -> 1024L;
                case "mb" -> 1024L * 1024;
                default -> 1024L * 1024 * 1024;
              };
          long bytes;
          try {
            bytes =
                value
                    .multiply(BigDecimal.valueOf(mult))
                    .setScale(0, RoundingMode.DOWN)
                    .longValueExact();
          } catch (ArithmeticException e) {
            throw new IllegalArgumentException("size out of range: '" + p + "'", e);
          }
          if (bytes <= 0) {
            throw new IllegalArgumentException("size must be positive: '" + p + "'");
          }
          out.add(new Size(bytes));
        }
        default -> throw new IllegalArgumentException("unknown retention policy: '" + p + "'");
      }
    }
    return new RetentionPolicy(out);
  }

  private static void requireNoUnit(String p, String unit) {
    if (unit != null) {
      throw new IllegalArgumentException("unit not allowed here: '" + p + "'");
    }
  }

  private static long whole(String p, BigDecimal v) {
    try {
      long l = v.longValueExact();
      if (l <= 0) {
        throw new IllegalArgumentException("must be positive: '" + p + "'");
      }
      return l;
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("needs a whole number: '" + p + "'", e);
    }
  }

  /** The policy in the syntax {@link #parse} reads. */
  @Override
  public String toString() {
    if (rules.isEmpty()) {
      return "none";
    }
    List<String> s = new ArrayList<>();
    for (Rule r : rules) {
      if (r instanceof Time t) {
        s.add("time:" + t.maxAge().toSeconds());
      } else if (r instanceof Capacity c) {
        s.add("capacity:" + c.maxMessages());
      } else if (r instanceof Size z) {
        s.add("size:" + (z.maxBytes() / 1024) + "KB");
      }
    }
    return String.join(";", s);
  }
}
