package dev.causeway.bridge;

/** A bridging direction; {@link #tag()} is the {@code direction} metric tag. */
public enum Direction {
  V1_TO_V2("v1_to_v2"),
  V2_TO_V1("v2_to_v1");

  private final String tag;

  Direction(String tag) {
    this.tag = tag;
  }

  /** {@code v1_to_v2} / {@code v2_to_v1}, also nwaku's {@code waku_bridge_transfers} type. */
  public String tag() {
    return tag;
  }
}
