package dev.causeway.v2.store.archive;

/** Archive settings (stand-in, empty). */
public final class ArchiveConfig {
  private ArchiveConfig() {}

  public static ArchiveConfig defaults() {
    return new ArchiveConfig();
  }
}
