package dev.causeway.v2.metadata;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.causeway.v2.metadata.pb.MetadataProto;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Encodes and decodes {@code WakuMetadataRequest} / {@code WakuMetadataResponse} bodies (without
 * the length prefix; spec v2-message-relay-sharding.md §7). Both messages carry a {@link Metadata}.
 *
 * <p>Encoding: cluster id in field 1 when present; shards twice, unpacked in field 2 and packed in
 * field 3, the way current nwaku writes them (see {@code metadata.proto} for why field 2 must not
 * be packed: js-waku's decoder reads it unpacked only). Decoding: field 3 when it holds shards,
 * otherwise field 2 in either form; unknown fields are ignored; bodies longer than {@link
 * #MAX_MESSAGE_SIZE} are refused before parsing.
 */
public final class MetadataCodec {
  /** nwaku's read limit for metadata messages ({@code RpcResponseMaxBytes}). */
  public static final int MAX_MESSAGE_SIZE = 1024;

  private MetadataCodec() {}

  public static byte[] encodeRequest(Metadata m) {
    MetadataProto.WakuMetadataRequest.Builder b = MetadataProto.WakuMetadataRequest.newBuilder();
    m.clusterId().ifPresent(c -> b.setClusterId((int) c));
    for (long s : m.shards()) {
      b.addShards((int) s);
      b.addShardsPacked((int) s);
    }
    return b.build().toByteArray();
  }

  public static byte[] encodeResponse(Metadata m) {
    MetadataProto.WakuMetadataResponse.Builder b = MetadataProto.WakuMetadataResponse.newBuilder();
    m.clusterId().ifPresent(c -> b.setClusterId((int) c));
    for (long s : m.shards()) {
      b.addShards((int) s);
      b.addShardsPacked((int) s);
    }
    return b.build().toByteArray();
  }

  /**
   * @throws MetadataException ({@code TOO_LARGE} or {@code MALFORMED})
   */
  public static Metadata decodeRequest(byte[] body) throws MetadataException {
    checkSize(body);
    MetadataProto.WakuMetadataRequest r;
    try {
      r = MetadataProto.WakuMetadataRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw malformed(e);
    }
    return toMetadata(
        r.hasClusterId(), r.getClusterId(), r.getShardsPackedList(), r.getShardsList());
  }

  /**
   * @throws MetadataException ({@code TOO_LARGE} or {@code MALFORMED})
   */
  public static Metadata decodeResponse(byte[] body) throws MetadataException {
    checkSize(body);
    MetadataProto.WakuMetadataResponse r;
    try {
      r = MetadataProto.WakuMetadataResponse.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw malformed(e);
    }
    return toMetadata(
        r.hasClusterId(), r.getClusterId(), r.getShardsPackedList(), r.getShardsList());
  }

  private static void checkSize(byte[] body) throws MetadataException {
    if (body.length > MAX_MESSAGE_SIZE) {
      throw new MetadataException(
          MetadataException.Reason.TOO_LARGE,
          "metadata message of " + body.length + " bytes exceeds " + MAX_MESSAGE_SIZE);
    }
  }

  private static MetadataException malformed(InvalidProtocolBufferException e) {
    return new MetadataException(
        MetadataException.Reason.MALFORMED, "malformed metadata message: " + e.getMessage(), e);
  }

  private static Metadata toMetadata(
      boolean hasCluster, int cluster, List<Integer> packed, List<Integer> legacy) {
    List<Integer> src = packed.isEmpty() ? legacy : packed;
    List<Long> shards = new ArrayList<>(src.size());
    for (int s : src) {
      shards.add(Integer.toUnsignedLong(s));
    }
    return new Metadata(
        hasCluster ? OptionalLong.of(Integer.toUnsignedLong(cluster)) : OptionalLong.empty(),
        shards);
  }
}
