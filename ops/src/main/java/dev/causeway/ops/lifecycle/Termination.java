package dev.causeway.ops.lifecycle;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM and SIGINT (Ctrl-C) into an orderly stop of a long-running command. The command's
 * thread {@link #await}s; a signal (or {@link #request}) wakes it, it closes its services in
 * reverse start order and returns its exit code (0), and then {@link #close}s this object. A second
 * signal while stopping halts the process at once (exit 128 + signal number), for when a close
 * hangs.
 *
 * <p>Lifecycle: {@link #install} once per command run, {@link #close} once (idempotent) when the
 * services are closed; close restores the previous signal handlers, so in-process tests can run
 * commands one after another.
 */
public final class Termination implements AutoCloseable {
  /*
   * Why signal handlers and not only a shutdown hook: on SIGTERM the JVM's own handler starts
   * shutdown with exit status 143 (128 + 15), and a hook cannot change that (System.exit in a hook
   * blocks forever; Runtime.halt skips the other hooks). Replacing the TERM and INT handlers keeps
   * the JVM alive: the command's own thread closes the bridge and the nodes and returns 0, and
   * Main exits with it. sun.misc.Signal (module jdk.unsupported, exported on every JDK 17+) is
   * reached reflectively so the build has no proprietary-API warnings; if it is missing the JVM's
   * handlers stay and only the hook below acts.
   *
   * The shutdown hook is the safety net for every other way the JVM stops (System.exit elsewhere,
   * SIGHUP, no signal API): it wakes the command and waits a bounded time for it to finish closing,
   * so the bridge is still closed before the nodes.
   */
  private static final Logger LOG = LoggerFactory.getLogger(Termination.class);
  private static final String[] SIGNALS = {"TERM", "INT"};
  private static final Duration HOOK_WAIT = Duration.ofSeconds(15);

  private final String name;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicReference<String> reason = new AtomicReference<>();
  private final List<Object[]> previousHandlers = new ArrayList<>();
  private final Thread hook;

  private Termination(String name) {
    this.name = name;
    this.hook =
        new Thread(
            () -> {
              request("JVM shutdown");
              try {
                closed.await(HOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name + "-shutdown");
  }

  /** Installs the signal handlers and the shutdown hook. */
  public static Termination install(String name) {
    Termination t = new Termination(name);
    Runtime.getRuntime().addShutdownHook(t.hook);
    t.installSignalHandlers();
    return t;
  }

  /** Asks the command to stop; the first reason wins. */
  public void request(String why) {
    if (reason.compareAndSet(null, why)) {
      LOG.info("{}: stopping ({})", name, why);
    }
    stop.countDown();
  }

  /** True once a stop was requested. */
  public boolean requested() {
    return stop.getCount() == 0;
  }

  /** Why the command stopped, or null while it runs. */
  public String reason() {
    return reason.get();
  }

  /**
   * Waits for a stop request.
   *
   * @param timeout how long at most, or null for no limit
   * @return true if a stop was requested, false if the time ran out
   */
  public boolean await(Duration timeout) throws InterruptedException {
    return StopWaits.await(stop, timeout);
  }

  /** Says the services are closed: restores the signal handlers, removes the hook. */
  @Override
  public void close() {
    if (closed.getCount() == 0) {
      return;
    }
    closed.countDown();
    restoreSignalHandlers();
    StopWaits.removeHook(hook);
  }

  private void onSignal(String signal) {
    if (requested()) {
      LOG.warn("{}: second SIG{} while stopping: halting now", name, signal);
      Runtime.getRuntime().halt(128 + ("INT".equals(signal) ? 2 : 15));
    }
    request("SIG" + signal);
  }

  private void installSignalHandlers() {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      for (String s : SIGNALS) {
        Object handler =
            Proxy.newProxyInstance(
                handlerClass.getClassLoader(),
                new Class<?>[] {handlerClass},
                (proxy, method, args) -> {
                  switch (method.getName()) {
                    case "handle":
                      onSignal(s);
                      return null;
                    case "hashCode":
                      return System.identityHashCode(proxy);
                    case "equals":
                      return proxy == args[0];
                    case "toString":
                      return name + "-SIG" + s;
                    default:
                      return null;
                  }
                });
        Object signal = signalClass.getConstructor(String.class).newInstance(s);
        Object previous = handle.invoke(null, signal, handler);
        previousHandlers.add(new Object[] {signal, previous});
      }
    } catch (ReflectiveOperationException | LinkageError e) {
      Throwable cause = e instanceof InvocationTargetException i ? i.getCause() : e;
      LOG.debug(
          "signal handlers not installed, relying on the shutdown hook: {}", cause.toString());
    }
  }

  private void restoreSignalHandlers() {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      for (Object[] p : previousHandlers) {
        handle.invoke(null, p[0], p[1]);
      }
    } catch (ReflectiveOperationException | LinkageError e) {
      LOG.debug("signal handlers not restored: {}", e.toString());
    }
    previousHandlers.clear();
  }
}
