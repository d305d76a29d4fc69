package dev.causeway.bridge;

/** TEMPORARY stand-in (replaced by branch b-bridge): the two directions of the bridge. */
public enum Direction {
  V1_TO_V2,
  V2_TO_V1
}
