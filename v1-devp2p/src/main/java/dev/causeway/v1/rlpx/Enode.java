package dev.causeway.v1.rlpx;

import dev.causeway.common.crypto.CryptoException;
import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.common.hex.Hex;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An enode URL {@code enode://<128 hex node id>@<host>:<tcp port>[?discport=N]}: a v1 peer's
 * identity (raw 64-byte secp256k1 public key) and RLPx address. Spec {@code v1-rlpx-devp2p.md} §2.
 */
public final class Enode {
  private final byte[] nodeId;
  private final String host;
  private final int port;

  public Enode(byte[] nodeId, String host, int port) {
    if (nodeId.length != 64) {
      throw new IllegalArgumentException("node id must be 64 bytes");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    this.nodeId = nodeId.clone();
    this.host = Objects.requireNonNull(host);
    this.port = port;
  }

  /**
   * Parses an enode URL.
   *
   * @throws IllegalArgumentException if the URL is malformed or the id is not a curve point
   */
  public static Enode parse(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not an enode URL: " + url, e);
    }
    if (!"enode".equals(uri.getScheme())) {
      throw new IllegalArgumentException("enode URL must start with enode://");
    }
    String user = uri.getRawUserInfo();
    if (user == null || user.length() != 128) {
      throw new IllegalArgumentException("enode URL needs a 128-hex-digit node id");
    }
    byte[] id = Hex.decode(user);
    try {
      Secp256k1.decodePoint(id);
    } catch (CryptoException e) {
      throw new IllegalArgumentException("enode node id is not a valid public key", e);
    }
    if (uri.getHost() == null || uri.getPort() < 0) {
      throw new IllegalArgumentException("enode URL needs host:port: " + url);
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new Enode(id, host, uri.getPort());
  }

  public byte[] nodeId() {
    return nodeId.clone();
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public InetSocketAddress socketAddress() {
    return InetSocketAddress.createUnresolved(host, port);
  }

  /** The URL text. */
  public String url() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return "enode://" + Hex.encode(nodeId) + "@" + h + ":" + port;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Enode e
        && Arrays.equals(nodeId, e.nodeId)
        && host.equals(e.host)
        && port == e.port;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(nodeId) * 31 + host.hashCode() * 17 + port;
  }

  @Override
  public String toString() {
    return url();
  }
}
