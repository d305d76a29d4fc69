package dev.causeway.ops.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Fills a picocli options object from four layers, each replacing the one before it per option
 * (ARCHITECTURE.md §8): the option's default, a {@link ConfigFile}, environment variables, and the
 * command line. A repeatable option takes all its values from the highest layer that sets it (file
 * peers are replaced by command-line peers, not merged).
 *
 * <p>Names: a file key is the long option name without its dashes ({@code devp2p-tcp-port}); an
 * environment variable is the prefix plus that name in upper snake case ({@code
 * CAUSEWAY_DEVP2P_TCP_PORT}), repeatable options taking a comma-separated list (empty: no values,
 * replacing the file's list); an empty variable of a single-valued option counts as unset. Unknown
 * file keys are errors; unknown environment variables are ignored (the environment is shared with
 * other programs and commands).
 *
 * <p>Every value goes through the option's own picocli converter, whatever its layer, so a file
 * value is checked exactly like the flag; a bad value is reported with the file key or variable it
 * came from.
 */
public final class LayeredConfig {
  /*
   * How: the winning file and environment values are turned into `--name=value` arguments for the
   * options the command line did not set, put in front of the command-line arguments, and the
   * whole list is parsed once into a fresh options object. picocli then applies its own defaults
   * to whatever no layer set. Parsing instead of setting fields keeps one conversion and
   * validation path, and the command line stays in the operator's own order.
   */
  private LayeredConfig() {}

  /**
   * The environment variable for {@code option} ({@code --nodekey-v1} gives {@code
   * ..._NODEKEY_V1}).
   */
  public static String envName(String envPrefix, String longOption) {
    return envPrefix + key(longOption).toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** The file key of {@code --name}. */
  public static String key(String longOption) {
    int i = 0;
    while (i < longOption.length() && longOption.charAt(i) == '-') {
      i++;
    }
    return longOption.substring(i);
  }

  /**
   * Resolves the options.
   *
   * @param fresh makes an empty options object (picocli {@code @Option} fields, defaults declared
   *     on the annotations)
   * @param cliArgs the command-line arguments meant for that object
   * @param env the environment (e.g. {@link System#getenv()})
   * @param envPrefix e.g. {@code CAUSEWAY_}
   * @param file the config file, or null
   * @return the filled options object
   * @throws ConfigException for an unknown file key or a bad file/environment value
   * @throws CommandLine.ParameterException for a bad command-line argument
   */
  public static <T> T resolve(
      Supplier<T> fresh,
      List<String> cliArgs,
      Map<String, String> env,
      String envPrefix,
      ConfigFile file)
      throws ConfigException {
    ParseResult cli = new CommandLine(fresh.get()).parseArgs(cliArgs.toArray(String[]::new));
    T target = fresh.get();
    CommandLine cl = new CommandLine(target);
    Map<String, OptionSpec> byKey = new LinkedHashMap<>();
    for (OptionSpec o : cl.getCommandSpec().options()) {
      if (!o.usageHelp() && !o.versionHelp()) {
        byKey.put(key(o.longestName()), o);
      }
    }
    if (file != null) {
      for (String k : file.values().keySet()) {
        if (!byKey.containsKey(k)) {
          throw new ConfigException(
              "config file "
                  + file.path()
                  + ": unknown key '"
                  + k
                  + "' (keys are the long option names without dashes: "
                  + String.join(", ", new TreeSet<>(byKey.keySet()))
                  + ")");
        }
      }
    }
    List<String> args = new ArrayList<>();
    Map<String, String> sourceOf = new LinkedHashMap<>();
    for (Map.Entry<String, OptionSpec> e : byKey.entrySet()) {
      OptionSpec o = e.getValue();
      if (cli.hasMatchedOption(o.longestName())) {
        continue;
      }
      String var = envName(envPrefix, o.longestName());
      List<String> values;
      String envValue = env.get(var);
      if (envValue != null && (o.isMultiValue() || !envValue.isBlank())) {
        values = envValues(o, envValue);
        sourceOf.put(o.longestName(), "environment variable " + var);
      } else if (file != null && file.values().containsKey(e.getKey())) {
        values = file.values().get(e.getKey());
        if (values.size() > 1 && !o.isMultiValue()) {
          throw new ConfigException(
              "config file " + file.path() + ": key '" + e.getKey() + "' takes one value");
        }
        sourceOf.put(o.longestName(), "config file " + file.path() + ", key '" + e.getKey() + "'");
      } else {
        continue;
      }
      for (String v : values) {
        args.add(o.longestName() + "=" + v);
      }
    }
    args.addAll(cliArgs);
    try {
      cl.parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException ex) {
      String source = source(ex.getArgSpec(), sourceOf);
      if (source == null) {
        throw ex;
      }
      throw new ConfigException(ex.getMessage() + " (from " + source + ")", ex);
    }
    return target;
  }

  private static List<String> envValues(OptionSpec o, String value) {
    if (!o.isMultiValue()) {
      return List.of(value);
    }
    List<String> out = new ArrayList<>();
    for (String s : value.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  private static String source(ArgSpec spec, Map<String, String> sourceOf) {
    if (spec instanceof OptionSpec o) {
      return sourceOf.get(o.longestName());
    }
    return null;
  }

  /**
   * The command-line arguments that set options of the parsed command, as {@code --name=value}
   * (flags without a value as {@code --name}), leaving out {@code exclude}d options and help
   * options: what {@link #resolve} takes as {@code cliArgs} when the command was already parsed.
   */
  public static List<String> matchedArgs(ParseResult parsed, Set<String> exclude) {
    List<String> out = new ArrayList<>();
    for (OptionSpec o : parsed.matchedOptions()) {
      if (o.usageHelp() || o.versionHelp() || exclude.contains(o.longestName())) {
        continue;
      }
      List<String> values = o.originalStringValues();
      if (values.isEmpty()) {
        out.add(o.longestName());
      }
      for (String v : values) {
        out.add(o.longestName() + "=" + v);
      }
    }
    return out;
  }
}
