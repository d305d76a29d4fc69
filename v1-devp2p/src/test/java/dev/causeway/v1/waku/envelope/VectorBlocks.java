package dev.causeway.v1.waku.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads test-vector files under {@code src/test/resources/vectors/}: '#' lines are comments; "key:
 * value" blocks are separated by blank lines ({@link #blocks}), or each other line is one record
 * ({@link #lines}).
 */
public final class VectorBlocks {
  private VectorBlocks() {}

  /** One block of key/value pairs. */
  public static final class Block {
    private final Map<String, String> values;

    Block(Map<String, String> values) {
      this.values = values;
    }

    public String get(String key) {
      String v = values.get(key);
      if (v == null) {
        throw new IllegalArgumentException("vector block lacks '" + key + "': " + values.keySet());
      }
      return v;
    }

    public boolean has(String key) {
      return values.containsKey(key);
    }

    @Override
    public String toString() {
      return values.getOrDefault("name", values.toString());
    }
  }

  public static List<Block> blocks(String resource) {
    List<Block> out = new ArrayList<>();
    Map<String, String> cur = new LinkedHashMap<>();
    for (String line : read(resource)) {
      if (line.startsWith("#")) {
        continue;
      }
      if (line.isBlank()) {
        if (!cur.isEmpty()) {
          out.add(new Block(cur));
          cur = new LinkedHashMap<>();
        }
        continue;
      }
      int colon = line.indexOf(':');
      cur.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
    }
    if (!cur.isEmpty()) {
      out.add(new Block(cur));
    }
    return out;
  }

  public static List<String> lines(String resource) {
    List<String> out = new ArrayList<>();
    for (String line : read(resource)) {
      if (!line.startsWith("#") && !line.isBlank()) {
        out.add(line.trim());
      }
    }
    return out;
  }

  private static List<String> read(String resource) {
    try (InputStream in = VectorBlocks.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
