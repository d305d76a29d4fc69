package dev.causeway.v1.rlpx.wire;

/**
 * A devp2p capability as advertised in Hello: a name of 1–8 printable ASCII characters
 * (case-sensitive) and a non-negative version (spec v1-rlpx-devp2p.md §7.1).
 */
public record Capability(String name, int version) implements Comparable<Capability> {
  /** The longest capability name the RLPx spec allows. */
  public static final int MAX_NAME_LENGTH = 8;

  public Capability {
    if (!isValidName(name)) {
      throw new IllegalArgumentException("capability name must be 1-8 printable ASCII: " + name);
    }
    if (version < 0) {
      throw new IllegalArgumentException("capability version must not be negative: " + version);
    }
  }

  /** True if {@code name} is 1–8 printable ASCII characters. */
  public static boolean isValidName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** Orders by name (byte-wise, which for ASCII is char-wise), then by version. */
  @Override
  public int compareTo(Capability o) {
    int c = name.compareTo(o.name);
    return c != 0 ? c : Integer.compare(version, o.version);
  }

  @Override
  public String toString() {
    return name + "/" + version;
  }
}
