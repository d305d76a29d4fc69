package dev.causeway.v1.rlpx.wire;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * The capabilities both sides of a connection share and the message-id range each one owns (spec
 * v1-rlpx-devp2p.md §7.4, go-ethereum {@code matchProtocols}).
 *
 * <p>Rules: a capability is shared iff both Hellos list the same name and version; of several
 * shared versions of one name only the highest is used; shared capabilities are ordered by name
 * (byte-wise) and get consecutive id ranges starting at {@link
 * P2pMessageCodes#BASE_PROTOCOL_LENGTH} (0x10), each as long as its protocol says. Immutable.
 */
public final class SharedCapabilities {

  /** One shared capability and its wire ids {@code offset .. offset + length - 1}. */
  public record Entry(Capability capability, int offset, int length) {
    /** True if wire id {@code id} belongs to this capability. */
    public boolean owns(int id) {
      return id >= offset && id - offset < length;
    }
  }

  private final List<Entry> entries;

  /** One pre-built Optional per entry, so that per-message lookups do not allocate. */
  private final List<Optional<Entry>> found;

  private SharedCapabilities(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    List<Optional<Entry>> f = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      f.add(Optional.of(e));
    }
    this.found = List.copyOf(f);
  }

  /**
   * Matches the local and remote capability lists.
   *
   * @param lengthOf the number of message ids a (local) capability uses, e.g. 128 for {@code
   *     waku/1}; asked only for capabilities that end up shared
   * @throws IllegalArgumentException if {@code lengthOf} returns a negative number or the id space
   *     overflows an int
   */
  public static SharedCapabilities negotiate(
      List<Capability> local, List<Capability> remote, ToIntFunction<Capability> lengthOf) {
    Set<Capability> remoteSet = new HashSet<>(remote);
    // Highest shared version per name, names in byte-wise (for ASCII: char-wise) order.
    TreeMap<String, Capability> best = new TreeMap<>();
    for (Capability c : local) {
      if (remoteSet.contains(c)) {
        best.merge(c.name(), c, (a, b) -> a.version() >= b.version() ? a : b);
      }
    }
    List<Entry> entries = new ArrayList<>(best.size());
    int offset = P2pMessageCodes.BASE_PROTOCOL_LENGTH;
    for (Capability c : best.values()) {
      int length = lengthOf.applyAsInt(c);
      if (length < 0) {
        throw new IllegalArgumentException("negative message-id count for " + c);
      }
      entries.add(new Entry(c, offset, length));
      offset = Math.addExact(offset, length);
    }
    return new SharedCapabilities(entries);
  }

  /** The shared capabilities in offset order. */
  public List<Entry> entries() {
    return entries;
  }

  /** The shared entry for capability {@code name}, if any. */
  public Optional<Entry> byName(String name) {
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).capability().name().equals(name)) {
        return found.get(i);
      }
    }
    return Optional.empty();
  }

  /** The shared capability that owns wire id {@code id}; empty for base-protocol or unused ids. */
  public Optional<Entry> forMessageId(int id) {
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).owns(id)) {
        return found.get(i);
      }
    }
    return Optional.empty();
  }

  /** True if nothing is shared: the peer is useless (Disconnect 0x03, §7.4). */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("SharedCapabilities[");
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      sb.append(i == 0 ? "" : ", ")
          .append(e.capability())
          .append("@0x")
          .append(Integer.toHexString(e.offset()));
    }
    return sb.append(']').toString();
  }
}
