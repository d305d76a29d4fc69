/**
 * Light push v2 ({@code /vac/waku/lightpush/2.0.0-beta1}) and v3 ({@code
 * /vac/waku/lightpush/3.0.0}) (spec v2-filter-lightpush.md §3-§6): codecs ({@link
 * dev.causeway.v2.lightpush.LightPushCodec}, {@link
 * dev.causeway.v2.lightpush.LegacyLightPushCodec}), the serving protocol without I/O ({@link
 * dev.causeway.v2.lightpush.LightPushProtocol}) with its relay backend ({@link
 * dev.causeway.v2.lightpush.RelayPushHandler}), the service that mounts it on a libp2p host ({@link
 * dev.causeway.v2.lightpush.LightPushService}), the requesting side ({@link
 * dev.causeway.v2.lightpush.LightPushClient}) and metrics ({@link
 * dev.causeway.v2.lightpush.LightPushMetrics}).
 */
package dev.causeway.v2.lightpush;
