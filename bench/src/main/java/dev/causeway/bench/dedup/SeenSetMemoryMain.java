package dev.causeway.bench.dedup;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.causeway.dedup.SeenSet;
import dev.causeway.dedup.SeenSets;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Locale;

/**
 * Retained heap per entry of both {@link SeenSet} implementations at {@code n} entries (default
 * 1,000,000; {@code maxEntries = n}): heap used after full GCs with the filled set reachable, minus
 * the same before it was created, divided by {@code n}; repeated {@code rounds} times (default 3),
 * for the implementations named in {@code impls} (default {@code compact,caffeine}). If JOL ({@code
 * org.openjdk.jol:jol-core}) is on the class path, its {@code GraphLayout} size of the set is
 * printed as a cross-check, and with {@code -Dfootprint=true} its per-class footprint table.
 *
 * <pre>
 * java -Xmx3g -XX:+UseSerialGC -cp bench/target/benchmarks.jar \
 *     dev.causeway.bench.dedup.SeenSetMemoryMain [n] [rounds] [impls]
 * </pre>
 */
public final class SeenSetMemoryMain {
  private SeenSetMemoryMain() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    System.out.printf(
        Locale.ROOT,
        "JVM %s %s, max heap %d MiB, n = %,d%n",
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20,
        n);
    String[] impls = (args.length > 2 ? args[2] : "compact,caffeine").split(",");
    for (String impl : impls) {
      for (int round = 1; round <= rounds; round++) {
        long before = usedAfterGc();
        SeenSet set = create(impl, n);
        byte[] k = new byte[16];
        for (long i = 0; i < n; i++) {
          SeenSetBench.key(k, 0, i);
          if (!set.markIfNew(k)) {
            throw new IllegalStateException("duplicate key " + i);
          }
        }
        long after = usedAfterGc();
        if (set.size() != n) {
          throw new IllegalStateException("size " + set.size() + " != " + n);
        }
        String jol = jolSize(set);
        System.out.printf(
            Locale.ROOT,
            "%-8s round %d: retained %,d bytes = %.1f bytes/entry%s%n",
            impl,
            round,
            after - before,
            (after - before) / (double) n,
            jol);
        Reference.reachabilityFence(set);
      }
    }
  }

  private static SeenSet create(String impl, int n) {
    Duration window = Duration.ofHours(1);
    return impl.equals("compact")
        ? SeenSets.compact("mem", window, n, Ticker.systemTicker(), null)
        : SeenSets.caffeine("mem", window, n, Ticker.systemTicker(), null);
  }

  private static long usedAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    // Several collections until the figure stops dropping (finalizers, soft refs, TLABs).
    for (int i = 0; i < 6; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static String jolSize(Object o) {
    try {
      Class<?> layout = Class.forName("org.openjdk.jol.info.GraphLayout");
      Object graph =
          layout.getMethod("parseInstance", Object[].class).invoke(null, (Object) new Object[] {o});
      long size = (long) layout.getMethod("totalSize").invoke(graph);
      String footprint =
          Boolean.getBoolean("footprint")
              ? System.lineSeparator() + layout.getMethod("toFootprint").invoke(graph)
              : "";
      return String.format(Locale.ROOT, "; JOL graph %,d bytes%s", size, footprint);
    } catch (ClassNotFoundException e) {
      return "";
    } catch (ReflectiveOperationException e) {
      return "; JOL failed: " + e;
    }
  }
}
