package dev.causeway.v1.rlpx.wire;

import dev.causeway.common.hex.Hex;
import dev.causeway.v1.rlp.RlpException;
import dev.causeway.v1.rlp.RlpReader;
import dev.causeway.v1.rlp.RlpWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The devp2p Hello message (id 0x00): {@code [protocolVersion, clientId, [[capName, capVersion],
 * ...], listenPort, nodeId, ...]} (spec v1-rlpx-devp2p.md §7.1). The first frame in each direction
 * after the RLPx handshake; never Snappy-compressed.
 *
 * <p>Decoding follows EIP-8 forward compatibility: a higher protocolVersion, extra elements in the
 * outer list and in capability entries, and bytes after the outer list are ignored. msg-data above
 * {@link #MAX_MSG_DATA} bytes is rejected before parsing (go-ethereum's limit), as is a nodeId that
 * is not 64 non-zero bytes.
 */
public record HelloMessage(
    int protocolVersion,
    String clientId,
    List<Capability> capabilities,
    int listenPort,
    byte[] nodeId) {
  /*
   * Out-of-range values that only a hostile or very exotic peer would send are normalised rather
   * than rejected, because receivers must not act on them anyway (§7.1): a protocolVersion above
   * Integer.MAX_VALUE is clamped (only ">= 5" is ever asked of it), a listenPort above 65535 reads
   * as 0 (legacy, ignored), and a capability whose name is not 1-8 printable ASCII or whose
   * version does not fit an int is dropped from the list (it can never match one of ours). Wrong
   * RLP shapes (a string where a list belongs, a list where an integer belongs, non-canonical
   * integers) are rejected.
   */

  /** go-ethereum's limit on Hello msg-data ({@code baseProtocolMaxMsgSize}). */
  public static final int MAX_MSG_DATA = 2048;

  /** Length of a raw secp256k1 public key, the node id. */
  public static final int NODE_ID_LENGTH = 64;

  public HelloMessage {
    if (protocolVersion < 0) {
      throw new IllegalArgumentException("protocolVersion must not be negative");
    }
    if (clientId == null) {
      throw new IllegalArgumentException("clientId must not be null");
    }
    capabilities = List.copyOf(capabilities);
    if (listenPort < 0 || listenPort > 0xffff) {
      throw new IllegalArgumentException("listenPort out of range: " + listenPort);
    }
    if (!isValidNodeId(nodeId)) {
      throw new IllegalArgumentException("nodeId must be 64 bytes and not all zero");
    }
    nodeId = nodeId.clone();
  }

  /** The node id (raw 64-byte public key); a copy. */
  @Override
  public byte[] nodeId() {
    return nodeId.clone();
  }

  /** True if the remote announced a p2p version that enables Snappy (§7.5). */
  public boolean supportsSnappy() {
    return protocolVersion >= P2pMessageCodes.SNAPPY_PROTOCOL_VERSION;
  }

  /** Encodes the msg-data (RLP list, without the msg-id). */
  public byte[] encode() {
    RlpWriter w = new RlpWriter(128 + clientId.length() + 16 * capabilities.size());
    int outer = w.startList();
    w.writeLong(protocolVersion);
    w.writeString(clientId);
    int caps = w.startList();
    for (Capability c : capabilities) {
      int cap = w.startList();
      w.writeString(c.name()).writeLong(c.version());
      w.endList(cap);
    }
    w.endList(caps);
    w.writeLong(listenPort);
    w.writeBytes(nodeId);
    w.endList(outer);
    return w.toByteArray();
  }

  /**
   * Decodes Hello msg-data.
   *
   * @throws WireException if the data is longer than {@link #MAX_MSG_DATA}, is not RLP of the Hello
   *     shape, lacks one of the five fields, or carries an invalid node id
   */
  public static HelloMessage readFrom(byte[] msgData) throws WireException {
    if (msgData.length > MAX_MSG_DATA) {
      throw new WireException(
          "Hello of " + msgData.length + " bytes exceeds the limit of " + MAX_MSG_DATA);
    }
    try {
      RlpReader outer = RlpReader.of(msgData).readList();
      long version = outer.readLong();
      String clientId = new String(outer.readBytes(), StandardCharsets.UTF_8);
      List<Capability> caps = readCapabilities(outer.readList());
      long port = outer.readLong();
      byte[] nodeId = outer.readBytes();
      if (!isValidNodeId(nodeId)) {
        throw new WireException("Hello node id must be 64 non-zero bytes");
      }
      return new HelloMessage(
          version < 0 || version > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) version,
          clientId,
          caps,
          port >= 0 && port <= 0xffff ? (int) port : 0,
          nodeId);
    } catch (RlpException e) {
      throw new WireException("malformed Hello: " + e.getMessage(), e);
    }
  }

  private static List<Capability> readCapabilities(RlpReader list) throws RlpException {
    List<Capability> caps = new ArrayList<>();
    while (list.hasNext()) {
      RlpReader entry = list.readList();
      byte[] name = entry.readBytes();
      long version = entry.readLong();
      String text = new String(name, StandardCharsets.ISO_8859_1);
      if (version >= 0 && version <= Integer.MAX_VALUE && Capability.isValidName(text)) {
        caps.add(new Capability(text, (int) version));
      }
    }
    return caps;
  }

  private static boolean isValidNodeId(byte[] id) {
    if (id == null || id.length != NODE_ID_LENGTH) {
      return false;
    }
    int or = 0;
    for (byte b : id) {
      or |= b;
    }
    return or != 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HelloMessage h
        && protocolVersion == h.protocolVersion
        && listenPort == h.listenPort
        && clientId.equals(h.clientId)
        && capabilities.equals(h.capabilities)
        && Arrays.equals(nodeId, h.nodeId);
  }

  @Override
  public int hashCode() {
    return ((protocolVersion * 31 + clientId.hashCode()) * 31 + capabilities.hashCode()) * 31
        + Arrays.hashCode(nodeId);
  }

  @Override
  public String toString() {
    return "Hello[v"
        + protocolVersion
        + ", "
        + clientId
        + ", "
        + capabilities
        + ", port "
        + listenPort
        + ", "
        + Hex.encode(nodeId, 0, 8)
        + "…]";
  }
}
