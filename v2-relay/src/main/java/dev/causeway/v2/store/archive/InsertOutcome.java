package dev.causeway.v2.store.archive;

/** Result of {@link MessageArchive#insert}: the entry was new, or its hash was already stored. */
public enum InsertOutcome {
  STORED,
  DUPLICATE
}
