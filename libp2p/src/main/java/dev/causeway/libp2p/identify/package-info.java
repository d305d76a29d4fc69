/**
 * Identify {@code /ipfs/id/1.0.0} and identify push {@code /ipfs/id/push/1.0.0} (spec
 * libp2p-core.md §9): {@link dev.causeway.libp2p.identify.IdentifyProtocol} serves our identify
 * (one LP protobuf ≤ 4 KiB: public key, every protocol we accept, listen and observed addresses),
 * asks peers for theirs (bounded messages, public key checked against the peer id), pushes ours
 * when our protocols change and records what peers say in the peer store.
 */
package dev.causeway.libp2p.identify;
