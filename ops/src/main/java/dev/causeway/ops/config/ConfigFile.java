package dev.causeway.ops.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A flat configuration file, YAML ({@code .yaml}, {@code .yml}) or TOML ({@code .toml}), as nwaku
 * reads its {@code --config-file}: each top-level key is a long option name without its leading
 * dashes ({@code devp2p-tcp-port = 30303}), each value a scalar or, for a repeatable option, a list
 * of scalars. Tables/maps are refused: there are no sections.
 *
 * <p>Input assumptions: the file is operator-written and small (refused above {@link #MAX_BYTES}).
 * Whether a key is known is decided by {@link LayeredConfig}, which knows the options.
 */
public final class ConfigFile {
  /** Larger files are refused before parsing: a config file is a few hundred bytes. */
  public static final long MAX_BYTES = 1 << 20;

  private final Path path;
  private final Map<String, List<String>> values;

  private ConfigFile(Path path, Map<String, List<String>> values) {
    this.path = path;
    this.values = values;
  }

  /**
   * Reads {@code path}; the format follows its extension.
   *
   * @throws ConfigException for an unknown extension, an unreadable or malformed file, or a value
   *     that is neither a scalar nor a list of scalars
   */
  public static ConfigFile read(Path path) throws ConfigException {
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    ObjectMapper mapper;
    if (lower.endsWith(".toml")) {
      mapper = new TomlMapper();
    } else if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      mapper = new YAMLMapper();
    } else {
      throw new ConfigException(
          "config file " + path + ": unknown format (the name must end in .toml, .yaml or .yml)");
    }
    JsonNode root;
    try {
      long size = Files.size(path);
      if (size > MAX_BYTES) {
        throw new ConfigException(
            "config file " + path + ": " + size + " bytes, more than " + MAX_BYTES);
      }
      root = mapper.readTree(Files.readAllBytes(path));
    } catch (JacksonException e) {
      throw new ConfigException(
          "config file " + path + ": not valid " + format(lower) + ": " + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new ConfigException("config file " + path + ": cannot read it: " + e, e);
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new ConfigFile(path, values); // an empty file sets nothing
    }
    if (!root.isObject()) {
      throw new ConfigException(
          "config file " + path + ": expected key/value pairs at the top level");
    }
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      values.put(f.getKey(), strings(path, f.getKey(), f.getValue()));
    }
    return new ConfigFile(path, values);
  }

  private static String format(String lowerName) {
    return lowerName.endsWith(".toml") ? "TOML" : "YAML";
  }

  private static List<String> strings(Path path, String key, JsonNode v) throws ConfigException {
    List<String> out = new ArrayList<>();
    if (v.isArray()) {
      for (JsonNode e : v) {
        out.add(scalar(path, key, e));
      }
    } else {
      out.add(scalar(path, key, v));
    }
    return out;
  }

  private static String scalar(Path path, String key, JsonNode v) throws ConfigException {
    if (v.isNull()) {
      throw new ConfigException("config file " + path + ": key '" + key + "' has no value");
    }
    if (v.isContainerNode()) {
      throw new ConfigException(
          "config file "
              + path
              + ": key '"
              + key
              + "' must be a value or a list of values, not a table");
    }
    return v.asText();
  }

  public Path path() {
    return path;
  }

  /** Keys in file order, each with its values as text. */
  public Map<String, List<String>> values() {
    return values;
  }
}
