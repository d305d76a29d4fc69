package dev.causeway.v2.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads vector files: one case per line, {@code #} comments and blank lines skipped. */
final class VectorFiles {
  private VectorFiles() {}

  static List<String> lines(String resource) {
    InputStream in = VectorFiles.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("missing vector file " + resource);
    }
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          out.add(t);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no vectors in " + resource);
    }
    return out;
  }
}
