package dev.causeway.ops.config;

/**
 * A configuration source (config file or environment variable) that cannot be used: unreadable
 * file, unknown key, malformed value. The message names the file, key or variable and is meant for
 * the operator.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
