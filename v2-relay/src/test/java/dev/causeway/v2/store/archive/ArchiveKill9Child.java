package dev.causeway.v2.store.archive;

import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * Child process of {@link ArchiveKill9IT}: inserts messages into the archive at {@code args[0]} as
 * fast as it can and prints the hash of each one (0x-hex, one per line) only after its insert
 * future completed, i.e. after the commit. Runs until killed.
 */
public final class ArchiveKill9Child {
  private ArchiveKill9Child() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    MessageArchive archive =
        MessageArchives.open(
            url, ArchiveConfig.defaults(), new SimpleMeterRegistry(), Clock.systemUTC());
    LinkedBlockingQueue<String> acks = new LinkedBlockingQueue<>();
    Thread printer =
        new Thread(
            () -> {
              try (BufferedWriter out =
                  new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
                while (true) {
                  String first = acks.take();
                  out.write(first);
                  out.newLine();
                  String next;
                  while ((next = acks.poll()) != null) {
                    out.write(next);
                    out.newLine();
                  }
                  out.flush();
                }
              } catch (Exception e) {
                System.exit(3);
              }
            },
            "acks");
    printer.setDaemon(true);
    printer.start();
    PubsubTopic pt = PubsubTopic.staticShard(1, 7);
    Semaphore window = new Semaphore(4000);
    long base = System.currentTimeMillis() * 1_000_000L;
    for (long i = 0; ; i++) {
      byte[] payload = new byte[300];
      for (int b = 0; b < 8; b++) {
        payload[b] = (byte) (i >>> (8 * b));
      }
      ArchivedMessage m =
          ArchivedMessage.of(
              pt, WakuMessage.of(payload, "/kill9/1/t" + (i % 10) + "/proto", base + i));
      window.acquire();
      archive
          .insert(m)
          .whenComplete(
              (outcome, err) -> {
                window.release();
                if (err == null) {
                  acks.add(m.hash().to0xHex());
                } else {
                  System.err.println("insert failed: " + err);
                }
              });
    }
  }
}
