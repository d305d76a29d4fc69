package dev.causeway.ops;

import dev.causeway.ops.cli.CausewayCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;

/**
 * Runs {@code causeway} commands in-process for the command ITs: to completion ({@link #run}), or
 * on their own thread with stdout readable line by line while they run ({@link #start}).
 */
final class CliRun {
  private CliRun() {}

  /** A finished command: exit code, stdout (trimmed), stderr. */
  record Result(int code, String out, String err) {}

  /** A command running on its own thread. */
  record Running(BufferedReader out, StringWriter err, CompletableFuture<Integer> exit) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new CausewayCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Result(code, out.toString().trim(), err.toString());
  }

  /** Starts the command; close {@code out} when done with it. */
  static Running start(String... args) throws IOException {
    PipedWriter pipe = new PipedWriter();
    BufferedReader out = new BufferedReader(new PipedReader(pipe, 1 << 16));
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new CausewayCommand());
    cli.setOut(new PrintWriter(pipe, true));
    cli.setErr(new PrintWriter(err, true));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(args));
    return new Running(out, err, exit);
  }
}
