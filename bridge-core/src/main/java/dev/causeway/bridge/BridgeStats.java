package dev.causeway.bridge;

import java.util.EnumMap;
import java.util.Map;

/** TEMPORARY stand-in (replaced by branch b-bridge): a snapshot of the bridge counters. */
public final class BridgeStats {
  private final Map<Direction, Long> bridged = new EnumMap<>(Direction.class);

  BridgeStats() {
    for (Direction d : Direction.values()) {
      bridged.put(d, 0L);
    }
  }

  public long bridged(Direction d) {
    return bridged.get(d);
  }

  public Map<String, Long> skipped(Direction d) {
    return Map.of();
  }

  public Map<String, Long> dropped(Direction d) {
    return Map.of();
  }
}
