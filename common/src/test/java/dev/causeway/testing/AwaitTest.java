package dev.causeway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void returnsOnceTheConditionHolds() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    Await.until(WAIT, "three polls", () -> polls.incrementAndGet() >= 3);
    assertThat(polls.get()).isEqualTo(3);
  }

  @Test
  void pollsAgainAfterARuntimeException() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    Await.until(
        WAIT,
        "a poll after a transient failure",
        () -> {
          if (polls.incrementAndGet() == 1) {
            throw new IllegalStateException("transient");
          }
          return true;
        });
    assertThat(polls.get()).isEqualTo(2);
  }

  @Test
  void timeoutFailsNamingWhatWasAwaited() {
    assertThatThrownBy(() -> Await.until(Duration.ofMillis(50), "the impossible", () -> false))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("the impossible");
  }

  @Test
  void anErrorFromTheConditionFailsAtOnce() {
    AssertionError failed = new AssertionError("condition broke");
    assertThatThrownBy(
            () ->
                Await.until(
                    WAIT,
                    "a broken condition",
                    () -> {
                      throw failed;
                    }))
        .isSameAs(failed);
  }
}
