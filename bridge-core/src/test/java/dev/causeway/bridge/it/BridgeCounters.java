package dev.causeway.bridge.it;

import dev.causeway.bridge.Bridge;
import dev.causeway.bridge.BridgeStats;
import dev.causeway.bridge.Direction;
import dev.causeway.bridge.it.BridgeTestNetwork.BridgeNode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test support: a bridge's {@link BridgeStats} as plain maps, so tests compare snapshots ("did
 * anything move?") and list drops by name without depending on the shape of the stats class.
 */
final class BridgeCounters {
  private BridgeCounters() {}

  /** Every counter of {@code b}, by "direction/kind/reason". */
  static Map<String, Long> all(Bridge b) {
    BridgeStats s = b.stats();
    Map<String, Long> out = new TreeMap<>();
    for (Direction d : Direction.values()) {
      out.put(d + "/bridged", s.bridged(d));
      s.skipped(d).forEach((r, n) -> out.put(d + "/skipped/" + r, n));
      s.dropped(d).forEach((r, n) -> out.put(d + "/dropped/" + r, n));
    }
    return out;
  }

  /** The non-zero drop counters of {@code b} (losses, not deliberate skips such as duplicates). */
  static Map<String, Long> drops(Bridge b) {
    BridgeStats s = b.stats();
    Map<String, Long> out = new TreeMap<>();
    for (Direction d : Direction.values()) {
      s.dropped(d)
          .forEach(
              (r, n) -> {
                if (n != 0) {
                  out.put(d + "/" + r, n);
                }
              });
    }
    return out;
  }

  /** Messages carried across, summed over {@code bridges}, per direction. */
  static Map<Direction, Long> bridged(List<BridgeNode> bridges) {
    Map<Direction, Long> out = new EnumMap<>(Direction.class);
    for (BridgeNode b : bridges) {
      for (Direction d : Direction.values()) {
        out.merge(d, b.bridge().stats().bridged(d), Long::sum);
      }
    }
    return out;
  }
}
