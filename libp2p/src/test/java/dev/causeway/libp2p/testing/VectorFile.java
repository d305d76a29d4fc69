package dev.causeway.libp2p.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads {@code key = field | field | …} lines from a vector file under {@code
 * src/test/resources/vectors/}; {@code #} lines are comments.
 */
public final class VectorFile {
  private VectorFile() {}

  /** The fields of every line starting with {@code key =}, trimmed. */
  public static List<String[]> rows(String resource, String key) {
    try (InputStream in = VectorFile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing vector file " + resource);
      }
      String prefix = key + " =";
      List<String[]> rows =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .filter(l -> l.startsWith(prefix))
              .map(l -> l.substring(prefix.length()).split("\\|", -1))
              .map(
                  f -> {
                    for (int i = 0; i < f.length; i++) {
                      f[i] = f[i].strip();
                    }
                    return f;
                  })
              .toList();
      if (rows.isEmpty()) {
        throw new IllegalStateException("no '" + key + "' rows in " + resource);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
