/**
 * Ethereum-flavoured cryptography shared by both stacks: {@link
 * dev.causeway.common.crypto.Keccak256}, {@link dev.causeway.common.crypto.Secp256k1} (raw keys,
 * ECDH, recoverable ECDSA) and the devp2p {@link dev.causeway.common.crypto.Ecies}. See {@code
 * spec/v1-rlpx-devp2p.md} §3 and §9.
 */
package dev.causeway.common.crypto;
