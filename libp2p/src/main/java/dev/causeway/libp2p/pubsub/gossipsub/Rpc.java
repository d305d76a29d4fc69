package dev.causeway.libp2p.pubsub.gossipsub;

import java.util.List;
import java.util.Objects;

/**
 * One pubsub {@code RPC} (spec libp2p-gossipsub.md §2): subscription changes, messages and control
 * messages that share one length-prefixed frame ("piggybacking", §1). Immutable.
 *
 * @param subscriptions SubOpts in wire order
 * @param messages published or forwarded messages in wire order
 * @param control control messages; {@link ControlMessage#EMPTY} when none
 */
public record Rpc(
    List<SubOpts> subscriptions, List<PubsubMessage> messages, ControlMessage control) {
  /** An RPC with nothing in it (encodes to zero bytes). */
  public static final Rpc EMPTY = new Rpc(List.of(), List.of(), ControlMessage.EMPTY);

  public Rpc {
    subscriptions = List.copyOf(subscriptions);
    messages = List.copyOf(messages);
    Objects.requireNonNull(control, "control");
  }

  public static Rpc ofSubscriptions(List<SubOpts> subscriptions) {
    return new Rpc(subscriptions, List.of(), ControlMessage.EMPTY);
  }

  public static Rpc ofMessages(List<PubsubMessage> messages) {
    return new Rpc(List.of(), messages, ControlMessage.EMPTY);
  }

  public static Rpc ofControl(ControlMessage control) {
    return new Rpc(List.of(), List.of(), control);
  }

  public boolean isEmpty() {
    return subscriptions.isEmpty() && messages.isEmpty() && control.isEmpty();
  }

  /**
   * A subscription change: {@code subscribe} true to join {@code topic}, false to leave it. An
   * absent {@code subscribe} field decodes as false, an absent topic as the empty string.
   */
  public record SubOpts(boolean subscribe, String topic) {
    public SubOpts {
      Objects.requireNonNull(topic, "topic");
    }

    public static SubOpts subscribe(String topic) {
      return new SubOpts(true, topic);
    }

    public static SubOpts unsubscribe(String topic) {
      return new SubOpts(false, topic);
    }
  }
}
