package dev.causeway.libp2p.ping;

import dev.causeway.libp2p.host.Connection;
import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamHandler;
import dev.causeway.libp2p.host.StreamListener;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code /ipfs/ping/1.0.0} (spec libp2p-core.md §10) in both roles. Serving: every complete 32-byte
 * ping is echoed in one write (js-libp2p compares the first chunk it reads), until the remote
 * half-closes; more than {@link #MAX_PINGS_PER_STREAM} pings reset the stream. Client: one ping per
 * stream (js resets streams that carry more than 32 bytes), answered within a timeout.
 */
public final class PingProtocol implements StreamHandler {
  public static final String ID = "/ipfs/ping/1.0.0";
  public static final int SIZE = 32;
  static final int MAX_PINGS_PER_STREAM = 64;

  private final SecureRandom random;
  private final LongSupplier nanoTime;

  public PingProtocol(SecureRandom random, LongSupplier nanoTime) {
    this.random = random;
    this.nanoTime = nanoTime;
  }

  @Override
  public void onStream(Stream stream) {
    stream.setListener(
        new StreamListener() {
          private final byte[] pending = new byte[SIZE];
          private int filled;
          private int pings;

          @Override
          public void onData(byte[] data) {
            int off = 0;
            while (off < data.length) {
              int n = Math.min(SIZE - filled, data.length - off);
              System.arraycopy(data, off, pending, filled, n);
              filled += n;
              off += n;
              if (filled == SIZE) {
                if (++pings > MAX_PINGS_PER_STREAM) {
                  stream.reset();
                  return;
                }
                stream.write(pending.clone());
                filled = 0;
              }
            }
          }

          @Override
          public void onRemoteClose() {
            stream.closeWrite();
          }
        });
  }

  /**
   * Pings the connection's peer once; completes with the round-trip time. The timeout covers the
   * whole ping, stream negotiation included, so a peer that never answers multistream-select fails
   * the ping too. A peer without ping answers {@code na}: the future then fails with {@link
   * dev.causeway.libp2p.host.ProtocolNotSupportedException}.
   */
  public CompletableFuture<Duration> ping(Connection connection, Duration timeout) {
    byte[] payload = new byte[SIZE];
    random.nextBytes(payload);
    CompletableFuture<Duration> result = new CompletableFuture<>();
    try {
      ScheduledFuture<?> timer =
          connection
              .executor()
              .schedule(
                  () -> result.completeExceptionally(new PingException("ping timed out")),
                  timeout.toMillis(),
                  TimeUnit.MILLISECONDS);
      result.whenComplete((d, e) -> timer.cancel(false));
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new PingException("connection is closing"));
      return result;
    }
    connection
        .newStream(List.of(ID))
        .whenComplete(
            (stream, err) -> {
              if (err != null) {
                result.completeExceptionally(err);
                return;
              }
              if (result.isDone()) {
                stream.reset(); // timed out while negotiating
                return;
              }
              // Any failure (timeout, mismatch, early close) aborts the stream.
              result.whenComplete(
                  (d, e) -> {
                    if (e != null) {
                      stream.reset();
                    }
                  });
              long start = nanoTime.getAsLong();
              byte[] echo = new byte[SIZE];
              int[] got = {0};
              stream.setListener(
                  new StreamListener() {
                    @Override
                    public void onData(byte[] data) {
                      int n = Math.min(data.length, SIZE - got[0]);
                      System.arraycopy(data, 0, echo, got[0], n);
                      got[0] += n;
                      if (data.length > n) {
                        result.completeExceptionally(
                            new PingException("echo longer than 32 bytes"));
                      } else if (got[0] == SIZE) {
                        stream.closeWrite();
                        if (MessageDigest.isEqual(echo, payload)) {
                          result.complete(Duration.ofNanos(nanoTime.getAsLong() - start));
                        } else {
                          result.completeExceptionally(new PingException("echo does not match"));
                        }
                      }
                    }

                    @Override
                    public void onRemoteClose() {
                      result.completeExceptionally(new PingException("stream closed before echo"));
                    }

                    @Override
                    public void onReset() {
                      result.completeExceptionally(new PingException("stream reset"));
                    }
                  });
              stream.write(payload);
            });
    return result;
  }

  /** A ping failed. */
  public static final class PingException extends Exception {
    private static final long serialVersionUID = 1L;

    PingException(String message) {
      super(message);
    }
  }
}
