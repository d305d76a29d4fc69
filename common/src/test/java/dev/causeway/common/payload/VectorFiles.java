package dev.causeway.common.payload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the vector files under {@code vectors/payload/}; each must start with a source header. */
final class VectorFiles {
  private static final String DIR = "/vectors/payload/";

  private VectorFiles() {}

  /** Whitespace-separated columns of every non-comment, non-blank line. */
  static List<String[]> rows(String name) {
    List<String[]> rows = new ArrayList<>();
    for (String line : lines(name)) {
      rows.add(line.trim().split("\\s+"));
    }
    if (rows.isEmpty()) {
      throw new IllegalStateException(name + " has no vectors");
    }
    return rows;
  }

  /** {@code key = value} lines as an ordered map. */
  static Map<String, String> keyValues(String name) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String line : lines(name)) {
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new IllegalStateException(name + ": not a key = value line: " + line);
      }
      map.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
    }
    return map;
  }

  private static List<String> lines(String name) {
    try (InputStream in = VectorFiles.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("missing vector file " + DIR + name);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String first = reader.readLine();
      if (first == null || !first.startsWith("# Source:")) {
        throw new IllegalStateException(name + " must start with a '# Source:' header");
      }
      List<String> out = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(line);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
