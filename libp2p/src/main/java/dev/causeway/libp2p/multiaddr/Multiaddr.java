package dev.causeway.libp2p.multiaddr;

import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.varint.Uvarint;
import dev.causeway.libp2p.varint.VarintException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An immutable multiaddr: a list of {@link Component}s, each a {@link Protocol} with its value
 * (spec libp2p-core.md §4). Converts between text ({@code /ip4/127.0.0.1/tcp/60000}) and binary
 * ({@code uvarint(code) ‖ value} per component) forms; equality is equality of the binary form.
 *
 * <p>Input from peers ({@link #fromBytes}, {@link #parse}) is bounded: at most {@link #MAX_BYTES}
 * bytes, {@link #MAX_TEXT_LENGTH} characters and {@link #MAX_COMPONENTS} components, checked before
 * any work proportional to them; violations and unknown protocols raise {@link MultiaddrException}.
 * Addresses built locally ({@link #encapsulate}, {@link #of}) are not limited.
 *
 * <p>Nothing here resolves names: {@code dns*} hosts become unresolved socket addresses.
 */
public final class Multiaddr {
  /*
   * Parsing follows go-multiaddr: text must start with '/', trailing slashes are ignored, "/" alone
   * is the empty address, a "//" inside is an error, "ipfs" is read as "p2p". Binary parsing reads
   * left to right and validates each value as it goes, so a bad component fails before later ones
   * are looked at. The binary form is computed once at construction (it is the identity of the
   * value); the text form is computed on first use.
   *
   * The dialing helpers look only at the direct transport: host (ip4/ip6/dns/dns4/dns6), then tcp,
   * then an optional WebSocket stack, then an optional trailing /p2p. Relay ("p2p-circuit")
   * addresses are neither WebSocket nor dialable by them.
   */

  /** Largest binary multiaddr accepted from input. */
  public static final int MAX_BYTES = 1024;

  /** Longest text multiaddr accepted from input. */
  public static final int MAX_TEXT_LENGTH = 2048;

  /** Most components accepted from input. */
  public static final int MAX_COMPONENTS = 32;

  /** Default ports when a WebSocket address omits {@code /tcp} (spec §4.2 notes). */
  static final int WS_DEFAULT_PORT = 80;

  static final int WSS_DEFAULT_PORT = 443;

  private static final Multiaddr EMPTY = new Multiaddr(List.of());

  private final List<Component> components;
  private final byte[] bytes;
  private final int hash;
  private String text;

  private Multiaddr(List<Component> components) {
    this.components = components;
    int size = 0;
    for (Component c : components) {
      size += c.encodedLength();
    }
    byte[] b = new byte[size];
    int p = 0;
    for (Component c : components) {
      p += c.writeTo(b, p);
    }
    this.bytes = b;
    this.hash = Arrays.hashCode(b);
  }

  /** The address with no components (text {@code "/"}, binary empty). */
  public static Multiaddr empty() {
    return EMPTY;
  }

  /** An address made of {@code components}, in order. */
  public static Multiaddr of(List<Component> components) {
    return components.isEmpty() ? EMPTY : new Multiaddr(List.copyOf(components));
  }

  /** An address made of {@code components}, in order. */
  public static Multiaddr of(Component... components) {
    return of(List.of(components));
  }

  /**
   * Parses the text form, e.g. {@code /dns4/node.example.org/tcp/443/wss/p2p/16Uiu2…}.
   *
   * @throws MultiaddrException if malformed, too long, or using an unknown protocol
   */
  public static Multiaddr parse(String text) throws MultiaddrException {
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new MultiaddrException("multiaddr text longer than " + MAX_TEXT_LENGTH);
    }
    if (text.isEmpty() || text.charAt(0) != '/') {
      throw new MultiaddrException("multiaddr text must start with '/'");
    }
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '/') {
      end--;
    }
    List<Component> out = new ArrayList<>();
    int p = 1;
    while (p <= end - 1) {
      int slash = indexOfSlash(text, p, end);
      String name = text.substring(p, slash);
      Protocol proto =
          Protocol.byName(name)
              .orElseThrow(
                  () -> new MultiaddrException("unknown multiaddr protocol '" + name + "'"));
      p = slash + 1;
      Component c;
      if (proto.hasValue()) {
        if (p > end) {
          throw new MultiaddrException("missing value for /" + proto.textName());
        }
        int vEnd = indexOfSlash(text, p, end);
        c = Component.of(proto, text.substring(p, vEnd));
        p = vEnd + 1;
      } else {
        c = Component.of(proto);
      }
      if (out.size() == MAX_COMPONENTS) {
        throw new MultiaddrException("more than " + MAX_COMPONENTS + " components");
      }
      out.add(c);
    }
    Multiaddr m = of(out);
    if (m.bytes.length > MAX_BYTES) {
      throw new MultiaddrException("multiaddr longer than " + MAX_BYTES + " bytes");
    }
    return m;
  }

  private static int indexOfSlash(String text, int from, int end) throws MultiaddrException {
    int i = text.indexOf('/', from);
    int stop = i < 0 || i > end ? end : i;
    if (stop == from) {
      throw new MultiaddrException("empty multiaddr component at index " + from);
    }
    return stop;
  }

  /**
   * Parses the binary form.
   *
   * @throws MultiaddrException if malformed, too long, or using an unknown protocol code
   */
  public static Multiaddr fromBytes(byte[] in) throws MultiaddrException {
    if (in.length > MAX_BYTES) {
      throw new MultiaddrException("multiaddr longer than " + MAX_BYTES + " bytes");
    }
    List<Component> out = new ArrayList<>();
    int p = 0;
    try {
      while (p < in.length) {
        if (out.size() == MAX_COMPONENTS) {
          throw new MultiaddrException("more than " + MAX_COMPONENTS + " components");
        }
        long code = Uvarint.read(in, p, in.length - p, 4);
        p += Uvarint.length(code);
        Protocol proto =
            Protocol.byCode(code)
                .orElseThrow(
                    () -> new MultiaddrException("unknown multiaddr protocol code " + code));
        int size = proto.valueSize();
        if (size == Protocol.VARIABLE) {
          long len = Uvarint.read(in, p, in.length - p, Uvarint.length(MAX_BYTES));
          p += Uvarint.length(len);
          if (len > in.length - p) {
            throw new MultiaddrException("truncated /" + proto.textName() + " value");
          }
          size = (int) len;
        } else if (size > in.length - p) {
          throw new MultiaddrException("truncated /" + proto.textName() + " value");
        }
        out.add(Component.ofBytes(proto, Arrays.copyOfRange(in, p, p + size)));
        p += size;
      }
    } catch (VarintException e) {
      throw new MultiaddrException("bad varint in multiaddr: " + e.getMessage());
    }
    return of(out);
  }

  /** The binary form (a copy). */
  public byte[] bytes() {
    return bytes.clone();
  }

  public List<Component> components() {
    return components;
  }

  public boolean isEmpty() {
    return components.isEmpty();
  }

  /** True if any component uses {@code protocol}. */
  public boolean has(Protocol protocol) {
    for (Component c : components) {
      if (c.protocol() == protocol) {
        return true;
      }
    }
    return false;
  }

  /** This address followed by {@code inner} ({@code /ip4/…/tcp/…} + {@code /ws}). */
  public Multiaddr encapsulate(Multiaddr inner) {
    if (inner.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return inner;
    }
    List<Component> all = new ArrayList<>(components.size() + inner.components.size());
    all.addAll(components);
    all.addAll(inner.components);
    return new Multiaddr(List.copyOf(all));
  }

  /** The peer id of a trailing {@code /p2p/<id>} component, if the address ends with one. */
  public Optional<PeerId> peerId() {
    if (components.isEmpty()) {
      return Optional.empty();
    }
    Component last = components.get(components.size() - 1);
    return last.protocol() == Protocol.P2P ? Optional.of(last.peerId()) : Optional.empty();
  }

  /** This address without its trailing {@code /p2p/<id>} component (itself if it has none). */
  public Multiaddr withoutPeerId() {
    if (peerId().isEmpty()) {
      return this;
    }
    return of(components.subList(0, components.size() - 1));
  }

  /** This address ending in {@code /p2p/<id>}, replacing a trailing peer id it already has. */
  public Multiaddr withPeerId(PeerId id) {
    return withoutPeerId().encapsulate(of(Component.p2p(id)));
  }

  /**
   * The TCP endpoint to connect to: for {@code /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>/…} and for
   * WebSocket addresses that omit {@code /tcp} (port 80 for {@code ws}, 443 for {@code wss} and
   * {@code tls/ws}). IP hosts give a resolved address (no lookup is made); DNS hosts an {@link
   * InetSocketAddress#createUnresolved unresolved} one.
   */
  public Optional<InetSocketAddress> toInetSocketAddress() {
    if (components.size() < 2) {
      return Optional.empty();
    }
    Component host = components.get(0);
    if (!isHost(host.protocol())) {
      return Optional.empty();
    }
    Component second = components.get(1);
    int port;
    if (second.protocol() == Protocol.TCP) {
      port = second.port();
    } else {
      WebSocketKind ws = webSocketKindAt(1);
      if (ws == WebSocketKind.NONE) {
        return Optional.empty();
      }
      port = ws == WebSocketKind.SECURE ? WSS_DEFAULT_PORT : WS_DEFAULT_PORT;
    }
    byte[] v = host.valueRaw();
    switch (host.protocol()) {
      case IP4, IP6 -> {
        try {
          return Optional.of(new InetSocketAddress(InetAddress.getByAddress(v), port));
        } catch (UnknownHostException e) {
          throw new IllegalStateException("validated ip value has a bad length", e);
        }
      }
      default -> {
        return Optional.of(InetSocketAddress.createUnresolved(host.valueText(), port));
      }
    }
  }

  /**
   * True for a direct WebSocket address: host, optional {@code /tcp/<port>}, then {@code /ws},
   * {@code /wss}, {@code /tls/ws} or {@code /tls/sni/<name>/ws}, then at most a {@code /p2p/<id>}.
   */
  public boolean isWebSocket() {
    return webSocketKind() != WebSocketKind.NONE;
  }

  /**
   * True for a {@link #isWebSocket() WebSocket address} over TLS ({@code wss} or {@code tls/ws}).
   */
  public boolean isSecureWebSocket() {
    return webSocketKind() == WebSocketKind.SECURE;
  }

  private enum WebSocketKind {
    NONE,
    PLAIN,
    SECURE
  }

  private WebSocketKind webSocketKind() {
    if (components.size() < 2 || !isHost(components.get(0).protocol())) {
      return WebSocketKind.NONE;
    }
    int i = components.get(1).protocol() == Protocol.TCP ? 2 : 1;
    return webSocketKindAt(i);
  }

  /** Classifies the WebSocket stack starting at component {@code i} (after host and port). */
  private WebSocketKind webSocketKindAt(int i) {
    int n = components.size();
    if (i >= n) {
      return WebSocketKind.NONE;
    }
    WebSocketKind kind;
    Protocol p = components.get(i).protocol();
    if (p == Protocol.WS) {
      kind = WebSocketKind.PLAIN;
      i++;
    } else if (p == Protocol.WSS) {
      kind = WebSocketKind.SECURE;
      i++;
    } else if (p == Protocol.TLS) {
      i++;
      if (i < n && components.get(i).protocol() == Protocol.SNI) {
        i++;
      }
      if (i >= n || components.get(i).protocol() != Protocol.WS) {
        return WebSocketKind.NONE;
      }
      kind = WebSocketKind.SECURE;
      i++;
    } else {
      return WebSocketKind.NONE;
    }
    if (i == n || (i == n - 1 && components.get(i).protocol() == Protocol.P2P)) {
      return kind;
    }
    return WebSocketKind.NONE;
  }

  private static boolean isHost(Protocol p) {
    return p == Protocol.IP4
        || p == Protocol.IP6
        || p == Protocol.DNS
        || p == Protocol.DNS4
        || p == Protocol.DNS6;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multiaddr m && Arrays.equals(bytes, m.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** The text form; {@code "/"} for the empty address. */
  @Override
  public String toString() {
    String t = text;
    if (t == null) {
      if (components.isEmpty()) {
        t = "/";
      } else {
        StringBuilder sb = new StringBuilder();
        for (Component c : components) {
          sb.append(c);
        }
        t = sb.toString();
      }
      text = t;
    }
    return t;
  }

  /**
   * One multiaddr component: a protocol and its value (empty for protocols without one). Values are
   * validated when the component is created.
   */
  public static final class Component {
    private final Protocol protocol;
    private final byte[] value;
    private final byte[] codeBytes;

    private Component(Protocol protocol, byte[] value) {
      this.protocol = protocol;
      this.value = value;
      this.codeBytes = Uvarint.encode(protocol.code());
    }

    /**
     * A component of a protocol without value, e.g. {@code /ws}.
     *
     * @throws IllegalArgumentException if {@code protocol} takes a value
     */
    public static Component of(Protocol protocol) {
      if (protocol.hasValue()) {
        throw new IllegalArgumentException("/" + protocol.textName() + " needs a value");
      }
      return new Component(protocol, new byte[0]);
    }

    /**
     * A component from the text form of its value, e.g. {@code of(TCP, "443")}.
     *
     * @throws MultiaddrException if the value is not valid for the protocol
     */
    public static Component of(Protocol protocol, String valueText) throws MultiaddrException {
      if (!protocol.hasValue()) {
        throw new MultiaddrException("/" + protocol.textName() + " takes no value");
      }
      return new Component(protocol, ValueCodec.fromText(protocol, valueText));
    }

    /**
     * A component from the binary form of its value (without length prefix).
     *
     * @throws MultiaddrException if the value is not valid for the protocol
     */
    public static Component ofBytes(Protocol protocol, byte[] value) throws MultiaddrException {
      byte[] v = value.clone();
      ValueCodec.validate(protocol, v);
      return new Component(protocol, v);
    }

    /** A {@code /p2p/<id>} component. */
    public static Component p2p(PeerId id) {
      return new Component(Protocol.P2P, id.bytes());
    }

    public Protocol protocol() {
      return protocol;
    }

    /** The binary value (a copy; empty for protocols without value). */
    public byte[] value() {
      return value.clone();
    }

    byte[] valueRaw() {
      return value;
    }

    /** The text form of the value ({@code ""} for protocols without value). */
    public String valueText() {
      return ValueCodec.toText(protocol, value);
    }

    /** The port of a tcp/udp/dccp/sctp component. */
    int port() {
      return ((value[0] & 0xff) << 8) | (value[1] & 0xff);
    }

    /** The peer id of a p2p component. */
    PeerId peerId() {
      return PeerId.fromBytes(value);
    }

    int encodedLength() {
      int n = codeBytes.length + value.length;
      if (protocol.valueSize() == Protocol.VARIABLE) {
        n += Uvarint.length(value.length);
      }
      return n;
    }

    int writeTo(byte[] out, int off) {
      int p = off;
      System.arraycopy(codeBytes, 0, out, p, codeBytes.length);
      p += codeBytes.length;
      if (protocol.valueSize() == Protocol.VARIABLE) {
        p += Uvarint.write(value.length, out, p);
      }
      System.arraycopy(value, 0, out, p, value.length);
      return p + value.length - off;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Component c && protocol == c.protocol && Arrays.equals(value, c.value);
    }

    @Override
    public int hashCode() {
      return 31 * protocol.code() + Arrays.hashCode(value);
    }

    /** The text form, e.g. {@code /tcp/443} or {@code /ws}. */
    @Override
    public String toString() {
      return protocol.hasValue()
          ? "/" + protocol.textName() + "/" + valueText()
          : "/" + protocol.textName();
    }
  }
}
