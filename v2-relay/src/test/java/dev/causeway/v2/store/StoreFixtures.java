package dev.causeway.v2.store;

import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.store.archive.ArchivedMessage;
import dev.causeway.v2.store.archive.InMemoryArchive;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test support: archived messages spread over two pubsub topics and three content topics, with
 * repeated timestamps so that the hash tie-break of the sort order matters.
 */
public final class StoreFixtures {
  public static final PubsubTopic TOPIC_A = PubsubTopic.staticShard(0, 0);
  public static final PubsubTopic TOPIC_B = PubsubTopic.staticShard(0, 1);
  public static final List<String> CONTENT =
      List.of("/app/1/a/proto", "/app/1/b/proto", "/app/1/c/proto");
  public static final long T0 = 1_700_000_000_000_000_000L;

  private StoreFixtures() {}

  /** Message i: topic A for even i, content topic i % 3, timestamp T0 + (i / 4) seconds. */
  public static ArchivedMessage message(int i) {
    PubsubTopic t = i % 2 == 0 ? TOPIC_A : TOPIC_B;
    WakuMessage m =
        WakuMessage.of(
            ("message " + i).getBytes(StandardCharsets.UTF_8),
            CONTENT.get(i % 3),
            T0 + (i / 4) * 1_000_000_000L);
    return new ArchivedMessage(MessageHash.of(t, m), t, m);
  }

  /** {@code n} messages on {@code topic}: content topic i % 2, timestamp T0 + (i / 3) seconds. */
  public static List<ArchivedMessage> messagesOn(PubsubTopic topic, int n) {
    List<ArchivedMessage> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      WakuMessage m =
          WakuMessage.of(
              ("on " + topic + " " + i).getBytes(StandardCharsets.UTF_8),
              CONTENT.get(i % 2),
              T0 + (i / 3) * 1_000_000_000L);
      out.add(new ArchivedMessage(MessageHash.of(topic, m), topic, m));
    }
    return out;
  }

  public static List<ArchivedMessage> messages(int n) {
    List<ArchivedMessage> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(message(i));
    }
    return out;
  }

  /** An in-memory archive holding {@code messages}. */
  public static InMemoryArchive archive(List<ArchivedMessage> messages) {
    InMemoryArchive a = new InMemoryArchive();
    for (ArchivedMessage m : messages) {
      a.insert(m).join();
    }
    return a;
  }
}
