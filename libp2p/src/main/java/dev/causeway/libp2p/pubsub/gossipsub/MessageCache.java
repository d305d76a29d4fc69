package dev.causeway.libp2p.pubsub.gossipsub;

import dev.causeway.libp2p.peer.PeerId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The gossipsub message cache {@code mcache} (spec libp2p-gossipsub.md §4): the messages of the
 * last {@code historyLength} heartbeat windows, served to IWANT requests (§6.4), and the ids of the
 * newest {@code historyGossip} windows, advertised in IHAVE gossip (§7.1). {@link #shift()} once
 * per heartbeat, after gossip emission, drops the oldest window. Also counts IWANT retransmissions
 * per (message, peer) so the router can cap them (GossipRetransmission). Not thread-safe.
 */
public final class MessageCache {
  /*
   * Windows are a deque of (ids, topics) list pairs, newest first; the messages themselves sit
   * in one id -> entry map so get() is a single lookup. A message is put at most once (the router
   * puts only ids that were not seen), so every entry appears in exactly one window and shift()
   * can remove the window's ids from the map without reference counting. The window keeps each
   * id's topic so that gossipIds() walks the windows without a map lookup per id (at thousands of
   * messages per second that walk runs on the router thread every heartbeat).
   */

  private final int historyLength;
  private final int historyGossip;
  private final ArrayDeque<Window> windows = new ArrayDeque<>();
  private final Map<MessageId, Entry> entries = new HashMap<>();

  /** One heartbeat's ids and, at the same index, their topics. */
  private static final class Window {
    final List<MessageId> ids = new ArrayList<>();
    final List<String> topics = new ArrayList<>();
  }

  private static final class Entry {
    final PubsubMessage message;
    Map<PeerId, Integer> transmissions;

    Entry(PubsubMessage message) {
      this.message = message;
    }
  }

  /**
   * @param historyLength windows kept (nwaku 6, spec 5)
   * @param historyGossip newest windows gossiped (3); at most {@code historyLength}
   */
  public MessageCache(int historyLength, int historyGossip) {
    if (historyLength < 1 || historyGossip < 1 || historyGossip > historyLength) {
      throw new IllegalArgumentException(
          "need 1 <= historyGossip <= historyLength: " + historyGossip + ", " + historyLength);
    }
    this.historyLength = historyLength;
    this.historyGossip = historyGossip;
    windows.addFirst(new Window());
  }

  /** Adds a message to the newest window; false if {@code id} is already cached. */
  public boolean put(MessageId id, PubsubMessage message) {
    if (entries.putIfAbsent(id, new Entry(message)) != null) {
      return false;
    }
    Window w = windows.peekFirst();
    w.ids.add(id);
    w.topics.add(message.topic());
    return true;
  }

  /** The cached message, or null. */
  public PubsubMessage get(MessageId id) {
    Entry e = entries.get(id);
    return e == null ? null : e.message;
  }

  public boolean contains(MessageId id) {
    return entries.containsKey(id);
  }

  /**
   * Counts one more transmission of {@code id} to {@code peer} in answer to an IWANT.
   *
   * @return the new count, or 0 if the message is not cached
   */
  public int addTransmission(MessageId id, PeerId peer) {
    Entry e = entries.get(id);
    if (e == null) {
      return 0;
    }
    if (e.transmissions == null) {
      e.transmissions = new HashMap<>(4);
    }
    return e.transmissions.merge(peer, 1, Integer::sum);
  }

  /** Ids of {@code topic} in the newest {@code historyGossip} windows, newest first. */
  public List<MessageId> gossipIds(String topic) {
    List<MessageId> out = new ArrayList<>();
    Iterator<Window> it = windows.iterator();
    for (int w = 0; w < historyGossip && it.hasNext(); w++) {
      Window win = it.next();
      for (int i = 0; i < win.ids.size(); i++) {
        if (win.topics.get(i).equals(topic)) {
          out.add(win.ids.get(i));
        }
      }
    }
    return out;
  }

  /** Starts a new window and, once {@code historyLength} windows exist, drops the oldest. */
  public void shift() {
    windows.addFirst(new Window());
    while (windows.size() > historyLength) {
      for (MessageId id : windows.removeLast().ids) {
        entries.remove(id);
      }
    }
  }

  /** Messages cached. */
  public int size() {
    return entries.size();
  }
}
