package dev.causeway.ops.cli;

import dev.causeway.bridge.BridgeStats;
import dev.causeway.bridge.Direction;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON fields of a bridge counter snapshot: per direction ({@code v1_to_v2}, {@code v2_to_v1}) the
 * bridged count and the skipped and dropped counts per reason.
 */
public final class BridgeStatus {
  private BridgeStatus() {}

  /** {@code {"v1_to_v2":{"bridged":n,"skipped":{...},"dropped":{...}},"v2_to_v1":{...}}}. */
  public static Map<String, Object> counts(BridgeStats stats) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Direction d : Direction.values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("bridged", stats.bridged(d));
      m.put("skipped", new TreeMap<>(stats.skipped(d)));
      m.put("dropped", new TreeMap<>(stats.dropped(d)));
      out.put(d.name().toLowerCase(Locale.ROOT), m);
    }
    return out;
  }
}
