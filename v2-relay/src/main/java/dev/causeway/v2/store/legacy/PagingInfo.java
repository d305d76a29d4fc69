package dev.causeway.v2.store.legacy;

import java.util.Optional;

/**
 * Legacy store paging (spec v2-store.md §4): page size (uint64, 0 = server default), optional
 * cursor, direction ({@link #BACKWARD} 0, the protobuf default, or {@link #FORWARD} 1; other values
 * are kept as received and served as backward, like nwaku's enum default).
 */
public record PagingInfo(long pageSize, Optional<Index> cursor, int direction) {
  public static final int BACKWARD = 0;
  public static final int FORWARD = 1;

  public boolean forward() {
    return direction == FORWARD;
  }
}
