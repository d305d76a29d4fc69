package dev.causeway.v2.store.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An in-memory stand-in recording inserts and retention calls; can be told to refuse/fail. */
final class FakeArchive implements MessageArchive {
  final List<ArchivedMessage> inserted = new ArrayList<>();
  final List<Thread> insertThreads = new ArrayList<>();
  final List<RetentionPolicy> retentions = new ArrayList<>();
  boolean full;
  boolean failRetention;

  @Override
  public synchronized CompletableFuture<InsertOutcome> insert(ArchivedMessage m) {
    if (full) {
      return CompletableFuture.failedFuture(
          new ArchiveException(ArchiveException.Kind.OVERLOADED, "full"));
    }
    inserted.add(m);
    insertThreads.add(Thread.currentThread());
    return new CompletableFuture<>(); // never committed: callers must not wait
  }

  @Override
  public ArchivePage query(ArchiveQuery q) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long count() {
    return inserted.size();
  }

  @Override
  public synchronized long applyRetention(RetentionPolicy policy) throws ArchiveException {
    retentions.add(policy);
    if (failRetention) {
      throw new ArchiveException(ArchiveException.Kind.DRIVER_ERROR, "disk on fire");
    }
    return 3;
  }

  @Override
  public int queueDepth() {
    return 0;
  }

  @Override
  public void close() {}
}
