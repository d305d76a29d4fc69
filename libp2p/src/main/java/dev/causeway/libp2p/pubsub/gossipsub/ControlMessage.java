package dev.causeway.libp2p.pubsub.gossipsub;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The gossipsub {@code ControlMessage} (spec libp2p-gossipsub.md §2, §6): IHAVE, IWANT, GRAFT,
 * PRUNE (v1.1 peer exchange and backoff) and IDONTWANT (v1.2). Immutable.
 */
public record ControlMessage(
    List<IHave> ihave,
    List<IWant> iwant,
    List<Graft> graft,
    List<Prune> prune,
    List<IDontWant> idontwant) {

  public static final ControlMessage EMPTY =
      new ControlMessage(List.of(), List.of(), List.of(), List.of(), List.of());

  public ControlMessage {
    ihave = List.copyOf(ihave);
    iwant = List.copyOf(iwant);
    graft = List.copyOf(graft);
    prune = List.copyOf(prune);
    idontwant = List.copyOf(idontwant);
  }

  public static ControlMessage ofIHave(IHave... m) {
    return new ControlMessage(List.of(m), List.of(), List.of(), List.of(), List.of());
  }

  public static ControlMessage ofIWant(IWant... m) {
    return new ControlMessage(List.of(), List.of(m), List.of(), List.of(), List.of());
  }

  public static ControlMessage ofGraft(Graft... m) {
    return new ControlMessage(List.of(), List.of(), List.of(m), List.of(), List.of());
  }

  public static ControlMessage ofPrune(Prune... m) {
    return new ControlMessage(List.of(), List.of(), List.of(), List.of(m), List.of());
  }

  public static ControlMessage ofIDontWant(IDontWant... m) {
    return new ControlMessage(List.of(), List.of(), List.of(), List.of(), List.of(m));
  }

  public boolean isEmpty() {
    return ihave.isEmpty()
        && iwant.isEmpty()
        && graft.isEmpty()
        && prune.isEmpty()
        && idontwant.isEmpty();
  }

  /** "I have these messages of {@code topic} in my cache" (§6.3, §7.1). */
  public record IHave(String topic, List<MessageId> messageIds) {
    public IHave {
      Objects.requireNonNull(topic, "topic");
      messageIds = List.copyOf(messageIds);
    }
  }

  /** "Send me these messages" (§6.4). */
  public record IWant(List<MessageId> messageIds) {
    public IWant {
      messageIds = List.copyOf(messageIds);
    }
  }

  /** "Add me to your mesh for {@code topic}" (§6.1). */
  public record Graft(String topic) {
    public Graft {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /**
   * "You are out of my mesh for {@code topic}" (§6.2), with optional peer exchange and backoff.
   *
   * @param backoffSeconds the v1.1 backoff, empty when the field is absent (v1.0 peers); a wire
   *     value above {@code Long.MAX_VALUE} decodes as {@code Long.MAX_VALUE}
   */
  public record Prune(String topic, List<PeerInfo> peers, OptionalLong backoffSeconds) {
    public Prune {
      Objects.requireNonNull(topic, "topic");
      peers = List.copyOf(peers);
      Objects.requireNonNull(backoffSeconds, "backoffSeconds");
      if (backoffSeconds.isPresent() && backoffSeconds.getAsLong() < 0) {
        throw new IllegalArgumentException("negative backoff");
      }
    }

    /** A PRUNE without peer exchange; {@code backoffSeconds < 0} omits the field (v1.0). */
    public static Prune of(String topic, long backoffSeconds) {
      return new Prune(
          topic,
          List.of(),
          backoffSeconds < 0 ? OptionalLong.empty() : OptionalLong.of(backoffSeconds));
    }
  }

  /** "Don't send me these messages" (v1.2, §6.5). */
  public record IDontWant(List<MessageId> messageIds) {
    public IDontWant {
      messageIds = List.copyOf(messageIds);
    }
  }

  /**
   * A peer-exchange entry of a PRUNE: a binary peer id (not validated here) and an optional signed
   * peer record (null when absent). The arrays are copied in and out.
   */
  public record PeerInfo(byte[] peerId, byte[] signedPeerRecord) {
    public PeerInfo {
      peerId = peerId == null ? null : peerId.clone();
      signedPeerRecord = signedPeerRecord == null ? null : signedPeerRecord.clone();
    }

    @Override
    public byte[] peerId() {
      return peerId == null ? null : peerId.clone();
    }

    @Override
    public byte[] signedPeerRecord() {
      return signedPeerRecord == null ? null : signedPeerRecord.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PeerInfo p
          && Arrays.equals(peerId, p.peerId)
          && Arrays.equals(signedPeerRecord, p.signedPeerRecord);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(peerId) + Arrays.hashCode(signedPeerRecord);
    }

    @Override
    public String toString() {
      return "PeerInfo{peerId="
          + (peerId == null ? "-" : peerId.length + " bytes")
          + ", record="
          + (signedPeerRecord == null ? "-" : signedPeerRecord.length + " bytes")
          + "}";
    }
  }
}
