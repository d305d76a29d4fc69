package dev.causeway.v2.store.archive;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** Opens archives by URL (stand-in: the real drivers come with branch e1-archive). */
public final class MessageArchives {
  private MessageArchives() {}

  public static MessageArchive open(
      String url, ArchiveConfig config, MeterRegistry registry, Clock clock)
      throws ArchiveException {
    throw new ArchiveException(
        ArchiveException.Kind.DRIVER_ERROR, "no archive drivers in this stand-in: " + url);
  }
}
