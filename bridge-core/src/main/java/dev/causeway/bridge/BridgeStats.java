package dev.causeway.bridge;

import java.util.EnumMap;
import java.util.Map;

/**
 * An immutable snapshot of the bridge's counters: per {@link Direction}, messages bridged, and
 * items skipped and dropped by reason (keys are {@link
 * dev.causeway.bridge.translate.SkipReason#tag()} and {@link DropReason#tag()} values; reasons
 * never seen are absent).
 */
public final class BridgeStats {
  /**
   * One direction.
   *
   * @param bridged publications on v2 (v1 → v2) or envelopes accepted by our v1 node (v2 → v1)
   * @param skipped reason → count of items not meant to cross
   * @param dropped reason → count of items lost on the way
   * @param queueDepth items waiting in the direction's queue when the snapshot was taken
   */
  public record DirectionStats(
      long bridged, Map<String, Long> skipped, Map<String, Long> dropped, int queueDepth) {
    public DirectionStats {
      skipped = Map.copyOf(skipped);
      dropped = Map.copyOf(dropped);
    }

    public long skipped(String reason) {
      return skipped.getOrDefault(reason, 0L);
    }

    public long dropped(String reason) {
      return dropped.getOrDefault(reason, 0L);
    }
  }

  private final Map<Direction, DirectionStats> directions;

  public BridgeStats(Map<Direction, DirectionStats> directions) {
    EnumMap<Direction, DirectionStats> m = new EnumMap<>(Direction.class);
    m.putAll(directions);
    for (Direction d : Direction.values()) {
      if (!m.containsKey(d)) {
        throw new IllegalArgumentException("missing direction " + d);
      }
    }
    this.directions = java.util.Collections.unmodifiableMap(m);
  }

  public DirectionStats direction(Direction d) {
    return directions.get(d);
  }

  public long bridged(Direction d) {
    return directions.get(d).bridged();
  }

  public Map<String, Long> skipped(Direction d) {
    return directions.get(d).skipped();
  }

  public Map<String, Long> dropped(Direction d) {
    return directions.get(d).dropped();
  }

  public Map<Direction, DirectionStats> directions() {
    return directions;
  }

  @Override
  public String toString() {
    return "BridgeStats" + directions;
  }
}
