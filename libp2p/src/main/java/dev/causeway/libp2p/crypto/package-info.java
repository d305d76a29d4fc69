/**
 * libp2p identity keys: Ed25519 and secp256k1 {@link dev.causeway.libp2p.crypto.PrivKey}/{@link
 * dev.causeway.libp2p.crypto.PubKey} with the deterministic protobuf encoding of the peer-ids spec
 * ({@code spec/libp2p-core.md} §3).
 */
package dev.causeway.libp2p.crypto;
