package dev.causeway.ops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes one JSON object per line to stdout (thread-safe); logs go to stderr. */
public final class JsonLines {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final PrintWriter out;

  public JsonLines(PrintWriter out) {
    this.out = out;
  }

  /** Starts an object with its {@code type} field. */
  public static Map<String, Object> object(String type) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    return m;
  }

  public void print(Map<String, Object> fields) {
    String line;
    try {
      line = MAPPER.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
