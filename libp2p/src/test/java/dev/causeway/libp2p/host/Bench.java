package dev.causeway.libp2p.host;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The throughput protocol of the js fixture ({@code /causeway/bench/1.0.0}), upload mode only: the
 * opener writes mode 1 and N (uint64 BE), then N bytes, then half-closes; the server counts what
 * arrives until the half-close and answers the count as a uint64.
 */
public final class Bench {
  public static final String ID = "/causeway/bench/1.0.0";
  static final int CHUNK = 256 * 1024;

  private Bench() {}

  public static StreamHandler handler() {
    return stream ->
        stream.setListener(
            new StreamListener() {
              private long received = -9; // the 9-byte header is not counted

              @Override
              public void onData(byte[] data) {
                received += data.length;
              }

              @Override
              public void onRemoteClose() {
                stream.write(ByteBuffer.allocate(8).putLong(Math.max(0, received)).array());
                stream.closeWrite();
              }
            });
  }

  /** Uploads {@code n} bytes over one new stream; completes with the elapsed nanoseconds. */
  public static CompletableFuture<Long> upload(Connection c, long n) {
    CompletableFuture<Long> result = new CompletableFuture<>();
    byte[] block = new byte[CHUNK];
    c.newStream(List.of(ID))
        .thenAccept(
            s -> {
              long start = System.nanoTime();
              s.setListener(
                  new StreamListener() {
                    private final ByteBuffer answer = ByteBuffer.allocate(8);

                    @Override
                    public void onData(byte[] data) {
                      answer.put(data, 0, Math.min(data.length, answer.remaining()));
                      if (!answer.hasRemaining()) {
                        long got = answer.flip().getLong();
                        if (got != n) {
                          result.completeExceptionally(
                              new StreamException("server counted " + got + " of " + n));
                        } else {
                          result.complete(System.nanoTime() - start);
                        }
                      }
                    }

                    @Override
                    public void onReset() {
                      result.completeExceptionally(new StreamException("bench stream reset"));
                    }
                  });
              byte[] header = ByteBuffer.allocate(9).put((byte) 1).putLong(n).array();
              s.write(header);
              send(s, block, n, result);
            })
        .exceptionally(
            e -> {
              result.completeExceptionally(e);
              return null;
            });
    return result;
  }

  private static void send(Stream s, byte[] block, long left, CompletableFuture<Long> result) {
    if (left <= 0) {
      s.closeWrite();
      return;
    }
    int n = (int) Math.min(block.length, left);
    byte[] piece = n == block.length ? block : java.util.Arrays.copyOf(block, n);
    s.write(piece)
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                result.completeExceptionally(e);
              } else {
                send(s, block, left - n, result);
              }
            });
  }
}
