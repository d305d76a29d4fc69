package dev.causeway.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StopSignalTest {
  @Test
  void theHookWakesTheCommandAndWaitsUntilItIsClosed() throws Exception {
    StopSignal s = new StopSignal();
    CompletableFuture<Boolean> woken = new CompletableFuture<>();
    Thread command =
        new Thread(
            () -> {
              try {
                woken.complete(s.await(null));
              } catch (InterruptedException e) {
                woken.completeExceptionally(e);
              }
            });
    command.start();
    Thread hook = s.hook();
    hook.start();
    assertThat(woken.get(10, TimeUnit.SECONDS)).isTrue();
    // the hook keeps the JVM from exiting until the command is done
    assertThat(hook.isAlive()).isTrue();
    s.close();
    hook.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(hook.isAlive()).isFalse();
    command.join(TimeUnit.SECONDS.toMillis(10));
  }

  @Test
  void aDurationEndsTheWaitWithoutTheHook() throws Exception {
    StopSignal s = new StopSignal();
    assertThat(s.await(Duration.ZERO)).isFalse();
    s.close();
  }

  @Test
  void installedHookIsRemovedOnClose() {
    StopSignal s = StopSignal.install();
    s.close();
    // removing it again proves close removed it: a registered hook would be removed now
    assertThat(Runtime.getRuntime().removeShutdownHook(s.hook())).isFalse();
  }
}
