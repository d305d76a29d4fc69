package dev.causeway.dedup;

public interface SeenSet {
  boolean markIfNew(byte[] key); // atomically records key (>=16 bytes); true if new

  boolean contains(byte[] key);

  long size();

  String name();
}
