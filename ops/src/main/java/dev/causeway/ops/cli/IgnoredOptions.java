package dev.causeway.ops.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the arguments picocli could not match ({@code @Unmatched}) as nwaku options we do not
 * implement yet: {@code --name=value}, {@code --name value} or a bare {@code --name}. An operator's
 * {@code wakunode2} command line then starts a causeway node with a warning per ignored option
 * instead of a refusal. Anything that is not an option (a stray word not following an unknown
 * option) is reported separately so the command can refuse it as a usage error.
 *
 * <p>Options we do implement never arrive here: picocli converts them and fails on a malformed
 * value ({@code --tcp-port=abc}) before this class sees anything.
 */
final class IgnoredOptions {
  /*
   * A word after an unknown option without "=" is taken as that option's value (`--store true`):
   * nwaku's parser accepts that form, our commands have no positional parameters, and the
   * alternative — refusing `true` as a stray argument — would turn an ignorable flag into a
   * startup failure. A word after an option that already has "=value" is not its value.
   */

  /** One ignored option: its name (with dashes) and value, or null when it had none. */
  record Ignored(String name, String value) {
    @Override
    public String toString() {
      return value == null ? name : name + "=" + value;
    }
  }

  private final List<Ignored> options;
  private final List<String> strays;

  private IgnoredOptions(List<Ignored> options, List<String> strays) {
    this.options = List.copyOf(options);
    this.strays = List.copyOf(strays);
  }

  static IgnoredOptions parse(List<String> unmatched) {
    List<Ignored> options = new ArrayList<>();
    List<String> strays = new ArrayList<>();
    for (int i = 0; i < unmatched.size(); i++) {
      String arg = unmatched.get(i);
      if (!isOption(arg)) {
        strays.add(arg);
        continue;
      }
      int eq = arg.indexOf('=');
      if (eq > 0) {
        options.add(new Ignored(arg.substring(0, eq), arg.substring(eq + 1)));
      } else if (i + 1 < unmatched.size() && !isOption(unmatched.get(i + 1))) {
        options.add(new Ignored(arg, unmatched.get(i + 1)));
        i++;
      } else {
        options.add(new Ignored(arg, null));
      }
    }
    return new IgnoredOptions(options, strays);
  }

  private static boolean isOption(String arg) {
    return arg.length() > 1 && arg.charAt(0) == '-';
  }

  List<Ignored> options() {
    return options;
  }

  /** Arguments that are neither options nor the value of one. */
  List<String> strays() {
    return strays;
  }
}
