/** Peer ids (multihash of the public key) and their base58btc / CIDv1 text forms. */
package dev.causeway.libp2p.peer;
