/**
 * Waku v2 core values (spec v2-message-relay-sharding.md §1–§4, §6): {@link
 * dev.causeway.v2.core.WakuMessage} and its protobuf codec, the deterministic {@link
 * dev.causeway.v2.core.MessageHash}, message validation, content and pubsub topics, autosharding
 * and the protocol ids. Everything here is pure: no I/O, no threads, time only through an injected
 * clock.
 */
package dev.causeway.v2.core;
