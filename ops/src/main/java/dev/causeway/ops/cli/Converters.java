package dev.causeway.ops.cli;

import ch.qos.logback.classic.Level;
import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.common.hex.Hex;
import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.multiaddr.MultiaddrException;
import dev.causeway.v1.rlpx.Enode;
import dev.causeway.v2.core.ContentTopic;
import dev.causeway.v2.core.ContentTopicException;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.PubsubTopicException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The picocli converters of the commands' option values, one place for all commands ({@code
 * bridge}, {@code v2-node}, the v2 client commands). Each rejects a malformed value with a {@link
 * TypeConversionException} whose message names the problem; picocli turns it into a usage error
 * before the command runs. The values a config file or an environment variable supplies go through
 * the same converters ({@link dev.causeway.ops.config.LayeredConfig} hands them to picocli).
 */
final class Converters {
  private Converters() {}

  /** {@code "/ip4/<ip>"} or {@code "/ip6/<ip>"}: the multiaddr prefix of an IP literal. */
  static String ipMultiaddr(String ip) {
    return (ip.indexOf(':') >= 0 ? "/ip6/" : "/ip4/") + ip;
  }

  /**
   * An integer in {@code 0..max}.
   *
   * @throws TypeConversionException when {@code value} is not one
   */
  static int inRange(String value, int max) {
    int v;
    try {
      v = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not an integer");
    }
    if (v < 0 || v > max) {
      throw new TypeConversionException("must be 0.." + max + ", not " + v);
    }
    return v;
  }

  /** 32 bytes given as 64 hex digits: a secp256k1 private key (not yet checked for range). */
  private static byte[] privateKeyBytes(String value) {
    byte[] key;
    try {
      key = Hex.decode(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("not hex: " + e.getMessage());
    }
    if (key.length != 32) {
      throw new TypeConversionException("a node key is 32 bytes (64 hex digits)");
    }
    return key;
  }

  /** A v1 (devp2p) node key: a secp256k1 private key, 64 hex digits. */
  static final class V1NodeKey implements ITypeConverter<Secp256k1.KeyPair> {
    @Override
    public Secp256k1.KeyPair convert(String value) {
      byte[] key = privateKeyBytes(value);
      try {
        return Secp256k1.KeyPair.fromPrivateKey(key);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("not a secp256k1 private key: " + e.getMessage());
      }
    }
  }

  /** A v2 (libp2p) node key: a secp256k1 private key, 64 hex digits. */
  static final class V2NodeKey implements ITypeConverter<PrivKey> {
    @Override
    public PrivKey convert(String value) {
      byte[] key = privateKeyBytes(value);
      try {
        return Keys.secp256k1(key);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("not a secp256k1 private key: " + e.getMessage());
      }
    }
  }

  /** A v1 peer: {@code enode://<id>@<ip>:<port>}. */
  static final class EnodeAddress implements ITypeConverter<Enode> {
    @Override
    public Enode convert(String value) {
      try {
        return Enode.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A v2 peer: a multiaddr that ends with {@code /p2p/<peer id>}. */
  static final class PeerAddress implements ITypeConverter<Multiaddr> {
    @Override
    public Multiaddr convert(String value) {
      Multiaddr a;
      try {
        a = Multiaddr.parse(value);
      } catch (MultiaddrException e) {
        throw new TypeConversionException("not a multiaddr: " + e.getMessage());
      }
      if (a.peerId().isEmpty()) {
        throw new TypeConversionException("the address must end with /p2p/<peer id>");
      }
      return a;
    }
  }

  /** An IPv4 or IPv6 literal (no host names: nwaku's listen address is an IP). */
  static final class IpAddress implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        Multiaddr.parse(ipMultiaddr(value));
      } catch (MultiaddrException e) {
        throw new TypeConversionException("'" + value + "' is not an IP address");
      }
      return value;
    }
  }

  /** A TCP port; 0 lets the system pick one. */
  static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return inRange(value, 65535);
    }
  }

  static final class ClusterId implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return inRange(value, PubsubTopic.MAX_CLUSTER_ID);
    }
  }

  static final class Shard implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return inRange(value, PubsubTopic.MAX_SHARD_ID);
    }
  }

  static final class PubsubTopicName implements ITypeConverter<PubsubTopic> {
    @Override
    public PubsubTopic convert(String value) {
      try {
        return PubsubTopic.parse(value);
      } catch (PubsubTopicException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class ContentTopicName implements ITypeConverter<ContentTopic> {
    @Override
    public ContentTopic convert(String value) {
      try {
        return ContentTopic.parse(value);
      } catch (ContentTopicException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** nwaku's level names onto logback's: NOTICE is INFO, FATAL is ERROR. */
  static final class LogLevel implements ITypeConverter<Level> {
    @Override
    public Level convert(String value) {
      switch (value.toUpperCase(Locale.ROOT)) {
        case "TRACE":
          return Level.TRACE;
        case "DEBUG":
          return Level.DEBUG;
        case "INFO":
        case "NOTICE":
          return Level.INFO;
        case "WARN":
          return Level.WARN;
        case "ERROR":
        case "FATAL":
          return Level.ERROR;
        default:
          throw new TypeConversionException(
              "'" + value + "' is not one of TRACE, DEBUG, INFO, NOTICE, WARN, ERROR, FATAL");
      }
    }
  }

  static final class NonNegativeDouble implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double d;
      try {
        d = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number");
      }
      if (!(d >= 0) || Double.isInfinite(d)) {
        throw new TypeConversionException("must be a finite number >= 0, not " + value);
      }
      return d;
    }
  }

  static final class PositiveInt implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int v = inRange(value, Integer.MAX_VALUE);
      if (v == 0) {
        throw new TypeConversionException("must be at least 1");
      }
      return v;
    }
  }

  static final class PositiveLong implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      long v;
      try {
        v = Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not an integer");
      }
      if (v < 1) {
        throw new TypeConversionException("must be at least 1, not " + v);
      }
      return v;
    }
  }

  /** An ISO-8601 duration ({@code PT10S}, {@code PT5M}) longer than zero. */
  static final class PositiveDuration implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d;
      try {
        d = Duration.parse(value);
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'" + value + "' is not an ISO-8601 duration such as PT10S or PT5M");
      }
      if (d.isNegative() || d.isZero()) {
        throw new TypeConversionException("must be longer than zero, not " + value);
      }
      return d;
    }
  }
}
