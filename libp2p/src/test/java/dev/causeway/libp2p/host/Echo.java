package dev.causeway.libp2p.host;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Test echo protocol (same id as the js fixture's): echoes until the remote half-closes. */
public final class Echo {
  public static final String ID = "/causeway/echo/1.0.0";

  private Echo() {}

  public static StreamHandler handler() {
    return stream ->
        stream.setListener(
            new StreamListener() {
              @Override
              public void onData(byte[] data) {
                stream.write(data);
              }

              @Override
              public void onRemoteClose() {
                stream.closeWrite();
              }
            });
  }

  /** Sends {@code data} in chunks over a new echo stream and completes with what came back. */
  public static CompletableFuture<byte[]> roundTrip(Connection c, byte[] data, int chunk) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    c.newStream(List.of(ID))
        .thenAccept(
            s -> {
              ByteArrayOutputStream got = new ByteArrayOutputStream();
              s.setListener(
                  new StreamListener() {
                    @Override
                    public void onData(byte[] d) {
                      got.write(d, 0, d.length);
                    }

                    @Override
                    public void onRemoteClose() {
                      result.complete(got.toByteArray());
                    }

                    @Override
                    public void onReset() {
                      result.completeExceptionally(new StreamException("echo stream reset"));
                    }
                  });
              send(s, data, 0, chunk, result);
            })
        .exceptionally(
            e -> {
              result.completeExceptionally(e);
              return null;
            });
    return result;
  }

  private static void send(
      Stream s, byte[] data, int off, int chunk, CompletableFuture<byte[]> result) {
    if (off >= data.length) {
      s.closeWrite();
      return;
    }
    int n = Math.min(chunk, data.length - off);
    byte[] piece = java.util.Arrays.copyOfRange(data, off, off + n);
    s.write(piece)
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                result.completeExceptionally(e);
              } else {
                send(s, data, off + n, chunk, result);
              }
            });
  }
}
