package dev.causeway.ops.cli;

import java.io.PrintWriter;

/**
 * The commands' stderr lines: a failure reported before returning its exit code, and warnings
 * prefixed {@code WARNING: <command>: }. Each line is flushed at once (stderr may be a pipe read by
 * a supervisor) and written whole even when several threads warn.
 */
final class Stderr {
  private Stderr() {}

  /** Prints {@code line} and returns {@code exitCode}, for {@code return Stderr.fail(...)}. */
  static int fail(PrintWriter err, int exitCode, String line) {
    synchronized (err) {
      err.println(line);
      err.flush();
    }
    return exitCode;
  }

  /** Prints {@code WARNING: <command>: <text>}. */
  static void warn(PrintWriter err, String command, String text) {
    synchronized (err) {
      err.println("WARNING: " + command + ": " + text);
      err.flush();
    }
  }
}
