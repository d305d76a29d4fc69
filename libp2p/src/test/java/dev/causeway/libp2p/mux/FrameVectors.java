package dev.causeway.libp2p.mux;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.NoSuchElementException;

/** Reads the {@code frame = name | hex | ...} vector files under {@code vectors/}. */
public final class FrameVectors {
  private FrameVectors() {}

  /** One vector line: {@code fields[0]} is the name, {@code fields[1]} the frame hex. */
  public record Vector(String[] fields) {
    public String name() {
      return fields[0];
    }

    public String hex() {
      return fields[1];
    }

    public String field(int i) {
      return fields[i];
    }

    @Override
    public String toString() {
      return name();
    }
  }

  public static List<Vector> load(String resource) {
    try (InputStream in = FrameVectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(l -> l.startsWith("frame ="))
          .map(l -> new Vector(l.substring("frame =".length()).strip().split("\\s*\\|\\s*")))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The frame hex of the vector called {@code name}. */
  public static String hex(String resource, String name) {
    return load(resource).stream()
        .filter(v -> v.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException(name))
        .hex();
  }
}
