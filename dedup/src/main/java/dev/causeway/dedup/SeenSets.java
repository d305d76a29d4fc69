package dev.causeway.dedup;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Temporary stand-in for the real seen-sets of branch a-dedup (same API): a synchronized
 * insertion-ordered map with expiry by the injected ticker and a size bound.
 */
public final class SeenSets {
  private SeenSets() {}

  public static SeenSet compact(
      String name, Duration window, int maxEntries, Ticker ticker, MeterRegistry registry) {
    return new Simple(name, window, maxEntries, ticker);
  }

  public static SeenSet caffeine(
      String name, Duration window, int maxEntries, Ticker ticker, MeterRegistry registry) {
    return new Simple(name, window, maxEntries, ticker);
  }

  private static final class Simple implements SeenSet {
    private final String name;
    private final long windowNanos;
    private final int maxEntries;
    private final Ticker ticker;
    private final LinkedHashMap<ByteBuffer, Long> seen = new LinkedHashMap<>();

    Simple(String name, Duration window, int maxEntries, Ticker ticker) {
      this.name = name;
      this.windowNanos = window.toNanos();
      this.maxEntries = maxEntries;
      this.ticker = ticker;
    }

    private void expire(long now) {
      Iterator<Map.Entry<ByteBuffer, Long>> it = seen.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<ByteBuffer, Long> e = it.next();
        if (now - e.getValue() < windowNanos && seen.size() <= maxEntries) {
          break;
        }
        it.remove();
      }
    }

    @Override
    public synchronized boolean markIfNew(byte[] key) {
      long now = ticker.read();
      expire(now);
      ByteBuffer k = ByteBuffer.wrap(key.clone());
      if (seen.containsKey(k)) {
        return false;
      }
      seen.put(k, now);
      expire(now);
      return true;
    }

    @Override
    public synchronized boolean contains(byte[] key) {
      expire(ticker.read());
      return seen.containsKey(ByteBuffer.wrap(key));
    }

    @Override
    public synchronized long size() {
      expire(ticker.read());
      return seen.size();
    }

    @Override
    public String name() {
      return name;
    }
  }
}
