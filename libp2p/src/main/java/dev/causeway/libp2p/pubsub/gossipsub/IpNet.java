package dev.causeway.libp2p.pubsub.gossipsub;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IP address block ({@code 10.0.0.0/8}, {@code ::1/128}; a bare address is a full-length block),
 * and the literal-address parsing used to key peers by IP for P6 (spec libp2p-gossipsub.md §8.1).
 * Only literals are accepted; nothing here ever resolves a host name.
 */
final class IpNet {
  /*
   * IPv6 parsing is left to InetAddress, but only for strings made of hex digits, ':' and '.'
   * that start with a hex digit or ':' — for those the JDK takes its literal path and throws
   * instead of falling back to a DNS lookup. IPv4-mapped IPv6 addresses come back as IPv4, so
   * "::ffff:10.0.0.1" and "10.0.0.1" count as the same address.
   */

  private final byte[] prefix;
  private final int bits;

  private IpNet(byte[] prefix, int bits) {
    this.prefix = prefix;
    this.bits = bits;
  }

  /**
   * Parses an address or CIDR block.
   *
   * @throws IllegalArgumentException if it is neither
   */
  static IpNet parse(String text) {
    int slash = text.indexOf('/');
    String addrText = slash < 0 ? text : text.substring(0, slash);
    byte[] addr = parseAddress(addrText);
    if (addr == null) {
      throw new IllegalArgumentException("not an IP address or CIDR block: " + text);
    }
    int bits = addr.length * 8;
    if (slash >= 0) {
      String len = text.substring(slash + 1);
      if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("bad prefix length in " + text);
      }
      bits = Integer.parseInt(len);
      if (bits > addr.length * 8) {
        throw new IllegalArgumentException("prefix length too large in " + text);
      }
    }
    return new IpNet(addr, bits);
  }

  /** Whether the address (4 or 16 bytes) lies in this block. */
  boolean contains(byte[] addr) {
    if (addr.length != prefix.length) {
      return false;
    }
    int full = bits / 8;
    for (int i = 0; i < full; i++) {
      if (addr[i] != prefix[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (addr[full] & mask) == (prefix[full] & mask);
  }

  /** The bytes of a literal IPv4 (4 bytes) or IPv6 (16, or 4 if IPv4-mapped) address, or null. */
  static byte[] parseAddress(String text) {
    if (text.indexOf(':') >= 0) {
      return parseV6(text);
    }
    return parseV4(text);
  }

  /** A canonical text form of a literal address, or the stripped text if it is not one. */
  static String canonical(String ip) {
    byte[] addr = parseAddress(ip.strip());
    if (addr == null) {
      return ip.strip();
    }
    if (addr.length == 4) {
      return (addr[0] & 0xff)
          + "."
          + (addr[1] & 0xff)
          + "."
          + (addr[2] & 0xff)
          + "."
          + (addr[3] & 0xff);
    }
    try {
      return InetAddress.getByAddress(addr).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException("16-byte address rejected", e);
    }
  }

  private static byte[] parseV4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static byte[] parseV6(String text) {
    if (text.isEmpty() || text.length() > 45 || !(isHex(text.charAt(0)) || text.charAt(0) == ':')) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(isHex(c) || c == ':' || c == '.')) {
        return null;
      }
    }
    try {
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
