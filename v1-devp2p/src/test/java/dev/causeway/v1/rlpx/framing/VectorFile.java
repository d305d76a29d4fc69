package dev.causeway.v1.rlpx.framing;

import dev.causeway.common.hex.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A vector file of {@code key = value} lines; {@code #} starts a comment line. Keys may repeat
 * (e.g. {@code frame}); {@link #all(String)} returns every value in file order.
 */
final class VectorFile {
  private final Map<String, List<String>> values = new LinkedHashMap<>();

  private VectorFile() {}

  static VectorFile load(String resource) {
    VectorFile f = new VectorFile();
    try (InputStream in = VectorFile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        int eq = l.indexOf('=');
        if (eq < 0) {
          throw new IllegalStateException("not a key = value line: " + l);
        }
        f.values
            .computeIfAbsent(l.substring(0, eq).strip(), k -> new ArrayList<>())
            .add(l.substring(eq + 1).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return f;
  }

  String text(String key) {
    List<String> v = values.get(key);
    if (v == null || v.size() != 1) {
      throw new IllegalStateException("expected exactly one value for " + key);
    }
    return v.get(0);
  }

  byte[] hex(String key) {
    return Hex.decode(text(key));
  }

  List<String> all(String key) {
    return values.getOrDefault(key, List.of());
  }
}
