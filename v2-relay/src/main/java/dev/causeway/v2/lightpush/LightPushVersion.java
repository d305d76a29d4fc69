package dev.causeway.v2.lightpush;

import dev.causeway.v2.core.ProtocolIds;

/** The two light push protocol versions (spec v2-filter-lightpush.md §3 and §4). */
public enum LightPushVersion {
  /**
   * 19/WAKU2-LIGHTPUSH, {@code /vac/waku/lightpush/2.0.0-beta1} (legacy; go-waku speaks only it).
   */
  V2(ProtocolIds.LIGHTPUSH_V2),
  /** WAKU-LIGHTPUSH, {@code /vac/waku/lightpush/3.0.0}, with status codes. */
  V3(ProtocolIds.LIGHTPUSH_V3);

  private final String protocolId;

  LightPushVersion(String protocolId) {
    this.protocolId = protocolId;
  }

  public String protocolId() {
    return protocolId;
  }

  /** The version whose protocol id is {@code id}, or null. */
  public static LightPushVersion ofProtocolId(String id) {
    for (LightPushVersion v : values()) {
      if (v.protocolId.equals(id)) {
        return v;
      }
    }
    return null;
  }

  /** Lower-case tag value for metrics ({@code v2}, {@code v3}). */
  String tag() {
    return this == V2 ? "v2" : "v3";
  }
}
