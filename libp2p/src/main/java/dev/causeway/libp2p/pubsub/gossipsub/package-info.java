/**
 * Gossipsub v1.1 (with v1.2 IDONTWANT) as a pure, single-threaded state machine (spec
 * libp2p-gossipsub.md): the RPC codec ({@link dev.causeway.libp2p.pubsub.gossipsub.RpcCodec}), the
 * seen and message caches, and the router ({@link
 * dev.causeway.libp2p.pubsub.gossipsub.GossipRouter}) that keeps meshes, gossips, forwards and
 * publishes under the StrictNoSign policy. No sockets, no threads: the host feeds it decoded RPC
 * bodies and heartbeats and it hands length-prefixed RPC frames to an {@link
 * dev.causeway.libp2p.pubsub.gossipsub.RpcSink}. Peer scoring plugs in through {@link
 * dev.causeway.libp2p.pubsub.gossipsub.ScoreTracker}.
 */
package dev.causeway.libp2p.pubsub.gossipsub;
