package dev.causeway.libp2p.multiaddr;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The multiaddr protocols this implementation can parse and print, with their multicodec codes and
 * value sizes (spec libp2p-core.md §4.2; multiformats/multiaddr {@code protocols.csv} and the
 * multicodec table). Addresses using any other code are rejected with {@link MultiaddrException}.
 */
public enum Protocol {
  IP4("ip4", 4, 4, Kind.IP4),
  TCP("tcp", 6, 2, Kind.PORT),
  DCCP("dccp", 33, 2, Kind.PORT),
  IP6("ip6", 41, 16, Kind.IP6),
  IP6ZONE("ip6zone", 42, Protocol.VARIABLE, Kind.NAME),
  DNS("dns", 53, Protocol.VARIABLE, Kind.NAME),
  DNS4("dns4", 54, Protocol.VARIABLE, Kind.NAME),
  DNS6("dns6", 55, Protocol.VARIABLE, Kind.NAME),
  DNSADDR("dnsaddr", 56, Protocol.VARIABLE, Kind.NAME),
  SCTP("sctp", 132, 2, Kind.PORT),
  UDP("udp", 273, 2, Kind.PORT),
  P2P_WEBRTC_STAR("p2p-webrtc-star", 275, 0, Kind.NONE),
  P2P_WEBRTC_DIRECT("p2p-webrtc-direct", 276, 0, Kind.NONE),
  WEBRTC_DIRECT("webrtc-direct", 280, 0, Kind.NONE),
  WEBRTC("webrtc", 281, 0, Kind.NONE),
  P2P_CIRCUIT("p2p-circuit", 290, 0, Kind.NONE),
  /** Peer id; text {@code /p2p/<base58>}, legacy {@code /ipfs/<id>} accepted on input. */
  P2P("p2p", 421, Protocol.VARIABLE, Kind.PEER_ID),
  HTTPS("https", 443, 0, Kind.NONE),
  TLS("tls", 448, 0, Kind.NONE),
  SNI("sni", 449, Protocol.VARIABLE, Kind.NAME),
  NOISE("noise", 454, 0, Kind.NONE),
  QUIC("quic", 460, 0, Kind.NONE),
  QUIC_V1("quic-v1", 461, 0, Kind.NONE),
  WEBTRANSPORT("webtransport", 465, 0, Kind.NONE),
  /** A multihash; text is multibase (printed as base64url {@code u…}). */
  CERTHASH("certhash", 466, Protocol.VARIABLE, Kind.MULTIHASH),
  WS("ws", 477, 0, Kind.NONE),
  /** Deprecated alias of {@code /tls/ws}, still what Waku fleets publish. */
  WSS("wss", 478, 0, Kind.NONE),
  P2P_WEBSOCKET_STAR("p2p-websocket-star", 479, 0, Kind.NONE),
  HTTP("http", 480, 0, Kind.NONE),
  /** Percent-encoded in text, raw bytes in binary. */
  HTTP_PATH("http-path", 481, Protocol.VARIABLE, Kind.PATH);

  /** {@link #valueSize()} of protocols whose value is {@code uvarint(len) ‖ bytes}. */
  public static final int VARIABLE = -1;

  /** How a protocol's value is written as text and validated. */
  enum Kind {
    NONE,
    IP4,
    IP6,
    PORT,
    /** Non-empty UTF-8 without '/'. */
    NAME,
    PEER_ID,
    MULTIHASH,
    PATH
  }

  private static final Map<Integer, Protocol> BY_CODE = new HashMap<>();
  private static final Map<String, Protocol> BY_NAME = new HashMap<>();

  static {
    for (Protocol p : values()) {
      BY_CODE.put(p.code, p);
      BY_NAME.put(p.textName, p);
    }
    BY_NAME.put("ipfs", P2P);
  }

  private final String textName;
  private final int code;
  private final int valueSize;
  private final Kind kind;

  Protocol(String textName, int code, int valueSize, Kind kind) {
    this.textName = textName;
    this.code = code;
    this.valueSize = valueSize;
    this.kind = kind;
  }

  /** The name used in text form, e.g. {@code "quic-v1"}. */
  public String textName() {
    return textName;
  }

  /** The multicodec code. */
  public int code() {
    return code;
  }

  /** Value size in bytes: 0 for none, {@link #VARIABLE} for length-prefixed values. */
  public int valueSize() {
    return valueSize;
  }

  public boolean hasValue() {
    return valueSize != 0;
  }

  Kind kind() {
    return kind;
  }

  public static Optional<Protocol> byCode(long code) {
    return code < 0 || code > Integer.MAX_VALUE
        ? Optional.empty()
        : Optional.ofNullable(BY_CODE.get((int) code));
  }

  /** Looks a protocol up by its text name; {@code "ipfs"} gives {@link #P2P}. */
  public static Optional<Protocol> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }
}
