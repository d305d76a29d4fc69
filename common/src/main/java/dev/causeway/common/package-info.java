/** Helpers shared by both stacks: hex, Keccak-256, secp256k1, devp2p ECIES, Waku payload format. */
package dev.causeway.common;
