package dev.causeway.v2.store;

import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.v2.reqresp.RequestStreams;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The requesting side shared by the store clients (spec v2-store.md §3.5 step 1 seen from the
 * client): opens a stream for one protocol id, writes one length-prefixed request, half-closes and
 * completes with the first length-prefixed response body (at most {@code maxResponse} bytes), or
 * with that body decoded. Failures complete with a {@link StoreException}; on failure or timeout
 * the stream is reset. The stream handling itself is {@link RequestStreams}'.
 */
public final class StoreStreams {
  /** Decodes a response body; a {@link StoreCodecException} becomes {@code MALFORMED}. */
  @FunctionalInterface
  public interface Decoder<T> {
    T decode(byte[] body) throws StoreCodecException, StoreException;
  }

  private StoreStreams() {}

  public static CompletableFuture<byte[]> request(
      Libp2pHost host,
      PeerId peer,
      String protocol,
      byte[] body,
      int maxResponse,
      Duration timeout) {
    RequestStreams.Failures failures = failures(protocol, timeout);
    return RequestStreams.request(
        host.newStream(peer, List.of(protocol)),
        timeout,
        failures,
        stream -> RequestStreams.exchange(stream, body, maxResponse, failures));
  }

  /**
   * {@link #request(Libp2pHost, PeerId, String, byte[], int, Duration)}, then {@code decoder} on
   * the body: a {@link StoreCodecException} fails with {@link StoreException.Reason#MALFORMED} and
   * the codec's message, a {@link StoreException} as it is.
   */
  public static <T> CompletableFuture<T> request(
      Libp2pHost host,
      PeerId peer,
      String protocol,
      byte[] body,
      int maxResponse,
      Duration timeout,
      Decoder<T> decoder) {
    return request(host, peer, protocol, body, maxResponse, timeout)
        .thenCompose(response -> decode(response, decoder));
  }

  static <T> CompletableFuture<T> decode(byte[] body, Decoder<T> decoder) {
    try {
      return CompletableFuture.completedFuture(decoder.decode(body));
    } catch (StoreCodecException e) {
      return CompletableFuture.failedFuture(
          new StoreException(StoreException.Reason.MALFORMED, e.getMessage(), e));
    } catch (StoreException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static RequestStreams.Failures failures(String protocol, Duration timeout) {
    return new RequestStreams.Failures(
        cause ->
            new StoreException(
                StoreException.Reason.STREAM_OPEN_FAILED,
                "cannot open " + protocol + " stream: " + cause.getMessage(),
                cause),
        (cause, badResponse) ->
            new StoreException(
                badResponse ? StoreException.Reason.MALFORMED : StoreException.Reason.STREAM_FAILED,
                cause.getMessage(),
                cause),
        () -> new StoreException(StoreException.Reason.TIMEOUT, "no response within " + timeout));
  }

  /** The cause of a failed future's exception, unwrapped from {@link CompletionException}. */
  public static Throwable unwrap(Throwable e) {
    return RequestStreams.unwrap(e);
  }
}
