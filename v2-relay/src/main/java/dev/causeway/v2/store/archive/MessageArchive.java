package dev.causeway.v2.store.archive;

import java.util.concurrent.CompletableFuture;

/** The message archive (stand-in for the API of branch e1-archive). */
public interface MessageArchive extends AutoCloseable {
  /** Completes after commit. */
  CompletableFuture<InsertOutcome> insert(ArchivedMessage m);

  /** Blocking; call off the event loop. */
  ArchivePage query(ArchiveQuery q) throws ArchiveException;

  long count() throws ArchiveException;

  @Override
  void close();
}
