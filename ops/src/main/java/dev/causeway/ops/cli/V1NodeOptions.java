package dev.causeway.ops.cli;

import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.common.hex.Hex;
import dev.causeway.v1.rlpx.Enode;
import dev.causeway.v1.rlpx.host.Devp2pConfig;
import dev.causeway.v1.waku.WakuV1Config;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Options shared by the v1 commands. Names follow nim-waku's v1 node ({@code wakunode1}) where the
 * concept matches: {@code --tcp-port}, {@code --nodekey}, {@code --staticnode}, {@code --waku-pow},
 * {@code --listen-address}, {@code --max-peers}.
 */
public final class V1NodeOptions {
  @Option(
      names = "--listen-address",
      defaultValue = "0.0.0.0",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String listenAddress;

  @Option(
      names = "--tcp-port",
      defaultValue = "30303",
      description = "devp2p TCP port; 0 picks a free port (default: ${DEFAULT-VALUE}).")
  int tcpPort;

  @Option(
      names = "--nodekey",
      description = "secp256k1 private key, 64 hex digits (default: a fresh random key).")
  String nodeKey;

  @Option(
      names = "--staticnode",
      description = "enode URL of a peer to keep connected (repeatable).")
  List<String> staticNodes = new ArrayList<>();

  @Option(
      names = "--waku-pow",
      defaultValue = "0.002",
      description = "PoW we require of received envelopes (default: ${DEFAULT-VALUE}).")
  double wakuPow;

  @Option(
      names = "--max-peers",
      defaultValue = "50",
      description = "Maximum connected peers (default: ${DEFAULT-VALUE}).")
  int maxPeers;

  public Secp256k1.KeyPair key(SecureRandom random) {
    return nodeKey == null
        ? Secp256k1.KeyPair.random(random)
        : Secp256k1.KeyPair.fromPrivateKey(Hex.decode(nodeKey));
  }

  public WakuV1Config config(Secp256k1.KeyPair key, int port) {
    List<Enode> peers = new ArrayList<>();
    for (String s : staticNodes) {
      peers.add(Enode.parse(s));
    }
    return config(key, listenAddress, port, peers, maxPeers, wakuPow);
  }

  /** The node settings the v1 commands and the bridge's v1 side share. */
  static WakuV1Config config(
      Secp256k1.KeyPair key,
      String listenAddress,
      int port,
      List<Enode> staticPeers,
      int maxPeers,
      double minPow) {
    Devp2pConfig dev =
        Devp2pConfig.defaults(key, listenAddress, port)
            .withStaticPeers(staticPeers)
            .withMaxPeers(maxPeers);
    return WakuV1Config.defaults(dev).withMinPow(minPow);
  }
}
