package dev.causeway.libp2p.multiaddr;

import dev.causeway.libp2p.peer.Base58;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.varint.Uvarint;
import dev.causeway.libp2p.varint.VarintException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Text ⇄ binary conversion and validation of multiaddr component values (spec libp2p-core.md §4.2).
 * Values reaching {@link #toText} have been validated by {@link #validate} or produced by {@link
 * #fromText}.
 */
final class ValueCodec {
  /*
   * IP literals are parsed here rather than with InetAddress.getByName, which would start a DNS
   * lookup for anything that is not a literal. IPv6 is printed in RFC 5952 form; IPv4-mapped
   * addresses print as ::ffff:a.b.c.d (as go-multiaddr does), everything else as plain groups.
   * Names (dns*, sni, ip6zone) are checked only for what breaks the text form ('/', empty) and for
   * UTF-8 validity and length, like go-multiaddr.
   */

  /**
   * Longest dns, dns4, dns6, dnsaddr, sni or ip6zone value, in bytes (DNS names are at most 255
   * octets).
   */
  static final int MAX_NAME_BYTES = 255;

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private ValueCodec() {}

  static byte[] fromText(Protocol p, String text) throws MultiaddrException {
    return switch (p.kind()) {
      case NONE -> throw new MultiaddrException(p.textName() + " takes no value");
      case IP4 -> parseIp4(text);
      case IP6 -> parseIp6(text);
      case PORT -> parsePort(p, text);
      case NAME -> {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        validateName(p, b);
        yield b;
      }
      case PEER_ID -> {
        try {
          yield PeerId.parse(text).bytes();
        } catch (IllegalArgumentException e) {
          throw new MultiaddrException("bad peer id in /" + p.textName() + ": " + e.getMessage());
        }
      }
      case MULTIHASH -> {
        byte[] b = decodeMultibase(text);
        validateMultihash(b);
        yield b;
      }
      case PATH -> {
        byte[] b = percentDecode(text);
        if (b.length == 0) {
          throw new MultiaddrException("empty " + p.textName());
        }
        yield b;
      }
    };
  }

  static void validate(Protocol p, byte[] v) throws MultiaddrException {
    switch (p.kind()) {
      case NONE -> {
        if (v.length != 0) {
          throw new MultiaddrException(p.textName() + " takes no value");
        }
      }
      case IP4, IP6, PORT -> {
        if (v.length != p.valueSize()) {
          throw new MultiaddrException(
              p.textName() + " value must be " + p.valueSize() + " bytes, not " + v.length);
        }
      }
      case NAME -> validateName(p, v);
      case PEER_ID -> {
        try {
          PeerId.fromBytes(v);
        } catch (IllegalArgumentException e) {
          throw new MultiaddrException("bad peer id in /" + p.textName() + ": " + e.getMessage());
        }
      }
      case MULTIHASH -> validateMultihash(v);
      case PATH -> {
        if (v.length == 0) {
          throw new MultiaddrException("empty " + p.textName());
        }
      }
    }
  }

  static String toText(Protocol p, byte[] v) {
    return switch (p.kind()) {
      case NONE -> "";
      case IP4 -> ip4Text(v, 0);
      case IP6 -> ip6Text(v);
      case PORT -> Integer.toString(((v[0] & 0xff) << 8) | (v[1] & 0xff));
      case NAME -> new String(v, StandardCharsets.UTF_8);
      case PEER_ID -> Base58.encode(v);
      case MULTIHASH -> "u" + Base64.getUrlEncoder().withoutPadding().encodeToString(v);
      case PATH -> percentEncode(v);
    };
  }

  // ---- ip4 / ports ----

  static byte[] parseIp4(String s) throws MultiaddrException {
    byte[] out = new byte[4];
    int part = 0;
    int i = 0;
    int n = s.length();
    while (true) {
      int start = i;
      int value = 0;
      while (i < n && i - start < 4 && isDigit(s.charAt(i))) {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
        throw new MultiaddrException("bad ip4 address '" + s + "'");
      }
      out[part++] = (byte) value;
      if (part == 4) {
        if (i != n) {
          throw new MultiaddrException("bad ip4 address '" + s + "'");
        }
        return out;
      }
      if (i >= n || s.charAt(i) != '.') {
        throw new MultiaddrException("bad ip4 address '" + s + "'");
      }
      i++;
    }
  }

  private static byte[] parsePort(Protocol p, String s) throws MultiaddrException {
    if (s.isEmpty() || s.length() > 5) {
      throw new MultiaddrException("bad " + p.textName() + " port '" + s + "'");
    }
    int v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        throw new MultiaddrException("bad " + p.textName() + " port '" + s + "'");
      }
      v = v * 10 + (c - '0');
    }
    if (v > 0xffff) {
      throw new MultiaddrException(p.textName() + " port out of range: " + s);
    }
    return new byte[] {(byte) (v >>> 8), (byte) v};
  }

  private static String ip4Text(byte[] v, int off) {
    return (v[off] & 0xff)
        + "."
        + (v[off + 1] & 0xff)
        + "."
        + (v[off + 2] & 0xff)
        + "."
        + (v[off + 3] & 0xff);
  }

  // ---- ip6 ----

  static byte[] parseIp6(String s) throws MultiaddrException {
    if (s.length() < 2 || s.length() > 45) {
      throw new MultiaddrException("bad ip6 address '" + s + "'");
    }
    int dbl = s.indexOf("::");
    if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
      throw new MultiaddrException("bad ip6 address '" + s + "' (more than one '::')");
    }
    int[] head = new int[8];
    int[] tail = new int[8];
    int nHead;
    int nTail = 0;
    if (dbl < 0) {
      nHead = parseGroups(s, s, head, true);
      if (nHead != 8) {
        throw new MultiaddrException("bad ip6 address '" + s + "' (need 8 groups)");
      }
    } else {
      nHead = parseGroups(s, s.substring(0, dbl), head, false);
      nTail = parseGroups(s, s.substring(dbl + 2), tail, true);
      if (nHead + nTail > 7) {
        throw new MultiaddrException("bad ip6 address '" + s + "' (too many groups)");
      }
    }
    byte[] out = new byte[16];
    for (int i = 0; i < nHead; i++) {
      out[2 * i] = (byte) (head[i] >>> 8);
      out[2 * i + 1] = (byte) head[i];
    }
    for (int i = 0; i < nTail; i++) {
      int g = 8 - nTail + i;
      out[2 * g] = (byte) (tail[i] >>> 8);
      out[2 * g + 1] = (byte) tail[i];
    }
    return out;
  }

  /** Parses ':'-separated hex groups (the last may be a dotted ip4 if allowed) into {@code out}. */
  private static int parseGroups(String whole, String part, int[] out, boolean ip4Last)
      throws MultiaddrException {
    if (part.isEmpty()) {
      return 0;
    }
    String[] groups = part.split(":", -1);
    int n = 0;
    for (int gi = 0; gi < groups.length; gi++) {
      String g = groups[gi];
      if (ip4Last && gi == groups.length - 1 && g.indexOf('.') >= 0) {
        if (n + 2 > out.length) {
          throw new MultiaddrException("bad ip6 address '" + whole + "'");
        }
        byte[] v4 = parseIp4(g);
        out[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        out[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        continue;
      }
      if (g.isEmpty() || g.length() > 4 || n >= out.length) {
        throw new MultiaddrException("bad ip6 address '" + whole + "'");
      }
      int v = 0;
      for (int i = 0; i < g.length(); i++) {
        int d = Character.digit(g.charAt(i), 16);
        if (d < 0 || g.charAt(i) > 'f') {
          throw new MultiaddrException("bad ip6 address '" + whole + "'");
        }
        v = (v << 4) | d;
      }
      out[n++] = v;
    }
    return n;
  }

  static String ip6Text(byte[] v) {
    boolean mapped = true;
    for (int i = 0; i < 10; i++) {
      mapped &= v[i] == 0;
    }
    if (mapped && (v[10] & 0xff) == 0xff && (v[11] & 0xff) == 0xff) {
      return "::ffff:" + ip4Text(v, 12);
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((v[2 * i] & 0xff) << 8) | (v[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1; // RFC 5952 §4.2.2: never compress a single group
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  // ---- names ----

  private static void validateName(Protocol p, byte[] b) throws MultiaddrException {
    if (b.length == 0) {
      throw new MultiaddrException("empty " + p.textName() + " value");
    }
    if (b.length > MAX_NAME_BYTES) {
      throw new MultiaddrException(p.textName() + " value longer than " + MAX_NAME_BYTES);
    }
    for (byte x : b) {
      if (x == '/') {
        throw new MultiaddrException(p.textName() + " value must not contain '/'");
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b));
    } catch (CharacterCodingException e) {
      throw new MultiaddrException(p.textName() + " value is not valid UTF-8");
    }
  }

  // ---- certhash ----

  private static byte[] decodeMultibase(String s) throws MultiaddrException {
    if (s.isEmpty()) {
      throw new MultiaddrException("empty multibase value");
    }
    String body = s.substring(1);
    try {
      return switch (s.charAt(0)) {
        case 'u' -> {
          if (body.indexOf('=') >= 0) {
            throw new MultiaddrException("padding in base64url multibase value");
          }
          yield Base64.getUrlDecoder().decode(body);
        }
        case 'z' -> Base58.decode(body, s.length());
        default ->
            throw new MultiaddrException("unsupported multibase prefix '" + s.charAt(0) + "'");
      };
    } catch (IllegalArgumentException e) {
      throw new MultiaddrException("bad multibase value: " + e.getMessage());
    }
  }

  private static void validateMultihash(byte[] b) throws MultiaddrException {
    try {
      long code = Uvarint.read(b, 0, b.length, Uvarint.MAX_BYTES);
      int p = Uvarint.length(code);
      long len = Uvarint.read(b, p, b.length - p, Uvarint.MAX_BYTES);
      p += Uvarint.length(len);
      if (len != b.length - p) {
        throw new MultiaddrException("multihash length mismatch");
      }
    } catch (VarintException e) {
      throw new MultiaddrException("bad multihash: " + e.getMessage());
    }
  }

  // ---- http-path ----

  private static byte[] percentDecode(String s) throws MultiaddrException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[utf8.length];
    int n = 0;
    for (int i = 0; i < utf8.length; i++) {
      byte c = utf8[i];
      if (c != '%') {
        out[n++] = c;
        continue;
      }
      if (i + 2 >= utf8.length) {
        throw new MultiaddrException("truncated percent escape in '" + s + "'");
      }
      int hi = Character.digit(utf8[i + 1], 16);
      int lo = Character.digit(utf8[i + 2], 16);
      if (hi < 0 || lo < 0) {
        throw new MultiaddrException("bad percent escape in '" + s + "'");
      }
      out[n++] = (byte) ((hi << 4) | lo);
      i += 2;
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /** Escapes like Go's url.PathEscape: unreserved and {@code $&+:=@} stay, the rest is %XX. */
  private static String percentEncode(byte[] v) {
    StringBuilder sb = new StringBuilder(v.length);
    for (byte x : v) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || isDigit((char) c)
          || "-_.~$&+:=@".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xf]);
      }
    }
    return sb.toString();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
