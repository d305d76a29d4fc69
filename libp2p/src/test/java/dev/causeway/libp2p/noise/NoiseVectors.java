package dev.causeway.libp2p.noise;

import dev.causeway.common.hex.Hex;
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

/**
 * Reads the vector files under {@code vectors/noise/} (or another {@code vectors/} directory): "key
 * = value" lines, "#" comments, and a {@code name =} line starting each vector.
 */
final class NoiseVectors {
  private NoiseVectors() {}

  /** One vector: its named values. */
  record Vector(String name, Map<String, String> values) {
    boolean has(String key) {
      return values.containsKey(key);
    }

    int integer(String key) {
      return Integer.parseInt(values.get(key));
    }

    byte[] bytes(String key) {
      String v = values.get(key);
      if (v == null) {
        throw new IllegalArgumentException(name + ": no value " + key);
      }
      return Hex.decode(v.replace(" ", ""));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static List<Vector> load(String file) {
    return load("noise", file);
  }

  static List<Vector> load(String dir, String file) {
    String resource = "/vectors/" + dir + "/" + file;
    List<Vector> out = new ArrayList<>();
    try (InputStream in = NoiseVectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, String> current = null;
      String line;
      while ((line = r.readLine()) != null) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int eq = line.indexOf('=');
        if (eq < 0) {
          throw new IllegalStateException(resource + ": bad line " + line);
        }
        String key = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        if (key.equals("name")) {
          current = new LinkedHashMap<>();
          out.add(new Vector(value, current));
        } else if (current == null) {
          throw new IllegalStateException(resource + ": value before the first name");
        } else {
          current.put(key, value);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (out.isEmpty()) {
      throw new IllegalStateException(resource + " holds no vector");
    }
    return out;
  }
}
