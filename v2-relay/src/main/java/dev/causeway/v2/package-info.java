/** The Waku v2 stack on our libp2p host: messages, relay, sharding, metadata. */
package dev.causeway.v2;
