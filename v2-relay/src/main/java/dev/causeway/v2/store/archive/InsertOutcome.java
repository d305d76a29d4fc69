package dev.causeway.v2.store.archive;

/** Result of an insert (stand-in). */
public enum InsertOutcome {
  STORED,
  DUPLICATE
}
