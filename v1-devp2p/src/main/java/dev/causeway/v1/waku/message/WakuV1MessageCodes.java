package dev.causeway.v1.waku.message;

/**
 * {@code waku/1} packet codes, relative to the capability's message-id offset ({@code v1-waku.md}
 * §2; {@code v1-rlpx-devp2p.md} §7.4: wire id = offset + code, offset 0x10 when {@code waku/1} is
 * the only shared capability).
 */
public final class WakuV1MessageCodes {
  /** Capability name. */
  public static final String CAPABILITY_NAME = "waku";

  /** Capability version. */
  public static final int CAPABILITY_VERSION = 1;

  public static final int STATUS = 0;
  public static final int MESSAGES = 1;
  public static final int BATCH_ACK = 11;
  public static final int MESSAGE_RESPONSE = 12;
  public static final int STATUS_UPDATE = 22;
  public static final int P2P_REQUEST_COMPLETE = 125;
  public static final int P2P_REQUEST = 126;
  public static final int P2P_MESSAGE = 127;

  /** Number of message ids the capability reserves (codes 0..127). */
  public static final int LENGTH = 128;

  private WakuV1MessageCodes() {}

  /** True for the codes this implementation understands. */
  public static boolean isKnown(int code) {
    switch (code) {
      case STATUS:
      case MESSAGES:
      case BATCH_ACK:
      case MESSAGE_RESPONSE:
      case STATUS_UPDATE:
      case P2P_REQUEST_COMPLETE:
      case P2P_REQUEST:
      case P2P_MESSAGE:
        return true;
      default:
        return false;
    }
  }

  /** A stable lower-case name for logs and metric tags ({@code "unknown"} otherwise). */
  public static String name(int code) {
    switch (code) {
      case STATUS:
        return "status";
      case MESSAGES:
        return "messages";
      case BATCH_ACK:
        return "batch_ack";
      case MESSAGE_RESPONSE:
        return "message_response";
      case STATUS_UPDATE:
        return "status_update";
      case P2P_REQUEST_COMPLETE:
        return "p2p_request_complete";
      case P2P_REQUEST:
        return "p2p_request";
      case P2P_MESSAGE:
        return "p2p_message";
      default:
        return "unknown";
    }
  }
}
