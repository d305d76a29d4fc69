package dev.causeway.ops.cli;

/** Thread factory pieces shared by the commands. */
final class Threads {
  private Threads() {}

  /** A daemon thread named {@code name} that runs {@code r}: it never keeps the JVM alive. */
  static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
