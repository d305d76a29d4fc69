package dev.causeway.v1.rlpx.handshake;

import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.common.hex.Hex;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Loads {@code vectors/eip8/rlpx-handshake.txt} (EIP-8 / go-ethereum rlpx_test.go). */
final class HandshakeVectors {
  private static final String RESOURCE = "/vectors/eip8/rlpx-handshake.txt";
  private static Map<String, String> values;

  private HandshakeVectors() {}

  static synchronized Map<String, String> values() {
    if (values == null) {
      values = load();
    }
    return values;
  }

  private static Map<String, String> load() {
    Map<String, String> map = new HashMap<>();
    try (InputStream in = HandshakeVectors.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + RESOURCE);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int eq = line.indexOf('=');
        if (eq < 0) {
          throw new IllegalStateException("bad vector line: " + line);
        }
        map.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return map;
  }

  static boolean has(String key) {
    return values().containsKey(key);
  }

  static String text(String key) {
    String v = values().get(key);
    if (v == null) {
      throw new IllegalArgumentException("no vector value " + key);
    }
    return v;
  }

  static byte[] bytes(String key) {
    return Hex.decode(text(key));
  }

  static long number(String key) {
    return Long.parseLong(text(key));
  }

  static List<byte[]> items(String key) {
    List<byte[]> out = new ArrayList<>();
    String v = text(key);
    if (!v.equals("-")) {
      for (String part : v.split("\\s+")) {
        out.add(Hex.decode(part));
      }
    }
    return out;
  }

  static Secp256k1.KeyPair key(String key) {
    return Secp256k1.KeyPair.fromPrivateKey(bytes(key));
  }
}
