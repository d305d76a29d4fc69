package dev.causeway.libp2p.host;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.mplex.Mplex;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.yamux.Yamux;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Our half of the stream benchmark as a plain program, for profiling (not a test): two hosts in
 * this JVM, one IO thread each, TCP+Noise+{yamux|mplex}, {@link Bench#upload} of 64 MiB per run
 * after a warm-up (third argument, MiB; 0 warms up until the JIT has settled, as
 * StreamThroughputBench does; 1024 by default). Prints per run the MiB/s, the process CPU time and
 * the JVM's uptime, and at the end the CPU time per thread (the receiving host's event loop is
 * {@code nioEventLoopGroup-3-1}).
 *
 * <pre>
 * ./mvnw -B -q -o test-compile -pl libp2p -am
 * ./mvnw -B -q -o dependency:build-classpath -pl libp2p -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=/tmp/cp.txt
 * java [-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer] \
 *     -cp libp2p/target/classes:libp2p/target/test-classes:common/target/classes:\
 * common/target/test-classes:$(cat /tmp/cp.txt) dev.causeway.libp2p.host.BenchPairMain mplex 40 0
 * </pre>
 *
 * <p>With the perf-map flags, {@code perf record -g -D 6000 -- java ...} and {@code perf report
 * --sort dso,sym} show Java, Conscrypt's native code and the kernel in one profile (JFR misses the
 * last two).
 */
public final class BenchPairMain {
  private static final long N = 64L << 20;

  private BenchPairMain() {}

  public static void main(String[] args) throws Exception {
    String muxer = args.length > 0 ? args[0] : "yamux";
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    // the same 1 GiB warm-up as StreamThroughputBench unless told otherwise (MiB)
    long warmUp = (args.length > 2 ? Long.parseLong(args[2]) : 1024) << 20;
    String id = "yamux".equals(muxer) ? Yamux.PROTOCOL_ID : Mplex.PROTOCOL_ID;
    SecureRandom random = new SecureRandom();
    List<Multiaddr> listen = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.println(
        "Noise AEAD: " + dev.causeway.libp2p.noise.NoiseSession.aeadImplementation());
    try (Libp2pHost a = host(id, listen, random);
        Libp2pHost b = host(id, listen, random)) {
      b.registerHandler(Bench.ID, Bench.handler());
      a.start();
      b.start();
      Connection c =
          a.dial(b.listenAddresses().get(0).withPeerId(b.peerId())).get(10, TimeUnit.SECONDS);
      if (warmUp > 0) {
        for (long done = 0; done < warmUp; done += 128L << 20) {
          Bench.upload(c, 128L << 20).get(180, TimeUnit.SECONDS);
        }
      } else {
        var w =
            dev.causeway.testing.JitWarmup.untilSettled(
                8, 60, () -> Bench.upload(c, 128L << 20).get(180, TimeUnit.SECONDS));
        System.out.println("warm-up until the JIT settled: " + w);
      }
      for (int i = 0; i < runs; i++) {
        long cpu0 = os.getProcessCpuTime();
        long nanos = Bench.upload(c, N).get(180, TimeUnit.SECONDS);
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "%s run %d: %.1f MiB/s, %.2f s process CPU per 64 MiB, at %d ms%n",
            muxer,
            i,
            (N / 1048576.0) / (nanos / 1e9),
            cpu,
            ManagementFactory.getRuntimeMXBean().getUptime());
      }
      printThreadCpu();
    }
  }

  private static void printThreadCpu() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (long tid : threads.getAllThreadIds()) {
      java.lang.management.ThreadInfo info = threads.getThreadInfo(tid);
      long t = threads.getThreadCpuTime(tid);
      if (info != null && t > 50_000_000L) {
        System.out.printf(
            Locale.ROOT, "  thread %-32s cpu %.2f s%n", info.getThreadName(), t / 1e9);
      }
    }
  }

  private static Libp2pHost host(String muxer, List<Multiaddr> listen, SecureRandom random)
      throws Exception {
    return new Libp2pHost(
        HostConfig.defaults(Keys.generateEd25519(random), listen)
            .withMuxers(List.of(muxer))
            .withIoThreads(1),
        new SimpleMeterRegistry(),
        random);
  }
}
