/**
 * 66/WAKU2-METADATA (spec v2-message-relay-sharding.md §7): the request/response codec ({@link
 * dev.causeway.v2.metadata.MetadataCodec}), the serving side ({@link
 * dev.causeway.v2.metadata.MetadataProtocol}), the requesting side ({@link
 * dev.causeway.v2.metadata.MetadataClient}) and the per-connection cluster check that nwaku applies
 * to every peer ({@link dev.causeway.v2.metadata.MetadataService}).
 */
package dev.causeway.v2.metadata;
