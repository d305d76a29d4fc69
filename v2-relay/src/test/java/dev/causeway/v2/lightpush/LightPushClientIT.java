package dev.causeway.v2.lightpush;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.host.HostConfig;
import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamListener;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.varint.LengthPrefixed;
import dev.causeway.libp2p.varint.LengthPrefixedReader;
import dev.causeway.libp2p.varint.VarintException;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LightPushClient} against scripted service nodes on loopback sockets (spec
 * v2-filter-lightpush.md §3, §4): answers it must accept ({@code "N/A"} ids) and every way it fails
 * ({@link LightPushClientException.Reason}).
 */
class LightPushClientIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final PubsubTopic TOPIC = PubsubTopic.staticShard(0, 0);
  private static final WakuMessage MESSAGE =
      WakuMessage.of(
          "m".getBytes(StandardCharsets.UTF_8), "/a/1/b/proto", 1_700_000_000_000_000_000L);

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  /**
   * A host serving light push v3 with {@code answer}: request body in, bytes to write out (null:
   * write nothing and keep the stream open).
   */
  private Libp2pHost scripted(Function<byte[], byte[]> answer) throws Exception {
    Libp2pHost h =
        new Libp2pHost(
            HostConfig.defaults(
                Keys.generateEd25519(RANDOM), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))),
            new SimpleMeterRegistry(),
            RANDOM);
    closeables.add(h);
    h.registerHandler(
        LightPushVersion.V3.protocolId(),
        (Stream s) -> {
          LengthPrefixedReader reader = new LengthPrefixedReader(1 << 20);
          s.setListener(
              new StreamListener() {
                @Override
                public void onData(byte[] data) {
                  try {
                    reader.read(data, 0, data.length);
                  } catch (VarintException e) {
                    s.reset();
                    return;
                  }
                  if (reader.hasMessage()) {
                    byte[] out = answer.apply(reader.takeMessage());
                    if (out != null) {
                      s.write(out);
                      s.closeWrite();
                    }
                  }
                }
              });
        });
    h.start();
    return h;
  }

  private LightPushClient client(Libp2pHost service, Duration timeout) throws Exception {
    Libp2pHost c =
        new Libp2pHost(
            HostConfig.defaults(Keys.generateEd25519(RANDOM), List.of()),
            new SimpleMeterRegistry(),
            RANDOM);
    closeables.add(c);
    c.start();
    c.dial(service.listenAddresses().get(0).withPeerId(service.peerId())).get(10, TimeUnit.SECONDS);
    return new LightPushClient(c, timeout, new LightPushMetrics(registry), () -> "my-id");
  }

  private static byte[] v3(String id, int code) {
    return LengthPrefixed.frame(
        LightPushCodec.encodeResponse(
            new LightPushResponse(id, code, Optional.of("desc"), OptionalInt.empty())));
  }

  private static LightPushClientException.Reason failure(CompletableFuture<?> f) throws Exception {
    try {
      f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(LightPushClientException.class);
      return ((LightPushClientException) e.getCause()).reason();
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void requestCarriesTheIdAndTheTopicAndAnNaAnswerIsAccepted() throws Exception {
    CompletableFuture<LightPushRequest> seen = new CompletableFuture<>();
    Libp2pHost service =
        scripted(
            body -> {
              try {
                seen.complete(LightPushCodec.decodeRequest(body, 1 << 20));
              } catch (LightPushCodecException e) {
                seen.completeExceptionally(e);
              }
              return v3("N/A", 429);
            });
    LightPushResult r =
        client(service, WAIT)
            .push(service.peerId(), TOPIC, MESSAGE)
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.requestId()).isEqualTo("N/A");
    LightPushRequest req = seen.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(req.requestId()).isEqualTo("my-id");
    assertThat(req.pubsubTopic()).contains(TOPIC.toString());
    assertThat(req.message()).isEqualTo(MESSAGE);
  }

  @Test
  void answerForAnotherRequestIsRefused() throws Exception {
    Libp2pHost service = scripted(body -> v3("someone-else", 200));
    assertThat(failure(client(service, WAIT).push(service.peerId(), TOPIC, MESSAGE)))
        .isEqualTo(LightPushClientException.Reason.REQUEST_ID_MISMATCH);
    assertThat(
            new LightPushMetrics(registry)
                .clientRequests(LightPushVersion.V3, LightPushMetrics.ClientResult.FAILED))
        .isEqualTo(1);
  }

  @Test
  void undecodableAnswerIsABadResponse() throws Exception {
    Libp2pHost service = scripted(body -> LengthPrefixed.frame(new byte[] {(byte) 0xff, 1}));
    assertThat(failure(client(service, WAIT).push(service.peerId(), TOPIC, MESSAGE)))
        .isEqualTo(LightPushClientException.Reason.BAD_RESPONSE);
  }

  @Test
  void streamClosedWithoutAnswerFails() throws Exception {
    Libp2pHost service = scripted(body -> new byte[0]);
    assertThat(failure(client(service, WAIT).push(service.peerId(), TOPIC, MESSAGE)))
        .isEqualTo(LightPushClientException.Reason.STREAM_FAILED);
  }

  @Test
  void silentServiceNodeTimesOut() throws Exception {
    Libp2pHost service = scripted(body -> null);
    assertThat(
            failure(client(service, Duration.ofMillis(300)).push(service.peerId(), TOPIC, MESSAGE)))
        .isEqualTo(LightPushClientException.Reason.TIMEOUT);
  }

  @Test
  void v2WithoutTopicIsRefusedBeforeAnyIo() throws Exception {
    Libp2pHost service = scripted(body -> v3("my-id", 200));
    assertThat(
            failure(
                client(service, WAIT).push(service.peerId(), null, MESSAGE, LightPushVersion.V2)))
        .isEqualTo(LightPushClientException.Reason.NEEDS_PUBSUB_TOPIC);
  }
}
