package dev.causeway.v1.waku.envelope;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a node wants to receive: either a bloom filter or an exact topic-interest set ({@code
 * v1-waku.md} §6, §7). Immutable.
 *
 * <p>In topic-interest mode only listed topics match (an empty set matches nothing); in bloom mode
 * the Go-style test {@link BloomFilter#matches} is used, so a full bloom matches everything.
 */
public final class TopicFilter {
  /** A full bloom: everything matches. */
  public static final TopicFilter ALL = new TopicFilter(BloomFilter.FULL, null);

  private final BloomFilter bloom;
  private final Set<Topic> topics;

  private TopicFilter(BloomFilter bloom, Set<Topic> topics) {
    this.bloom = bloom;
    this.topics = topics;
  }

  /** Bloom mode. */
  public static TopicFilter bloom(BloomFilter bloom) {
    if (bloom == null) {
      throw new NullPointerException("bloom");
    }
    return bloom.isFull() ? ALL : new TopicFilter(bloom, null);
  }

  /** Topic-interest mode (the collection is copied; empty = nothing matches). */
  public static TopicFilter topics(Collection<Topic> topics) {
    return new TopicFilter(null, Collections.unmodifiableSet(new HashSet<>(topics)));
  }

  /** True if envelopes with this topic are wanted. */
  public boolean matches(Topic topic) {
    if (topics != null) {
      return topics.contains(topic);
    }
    return bloom.matches(topic);
  }

  /** True in topic-interest mode. */
  public boolean isTopicInterest() {
    return topics != null;
  }

  /** True if every topic matches (full bloom). */
  public boolean matchesAll() {
    return topics == null && bloom.isFull();
  }

  /** The bloom filter, present in bloom mode. */
  public Optional<BloomFilter> bloomFilter() {
    return Optional.ofNullable(bloom);
  }

  /** The topic set, present in topic-interest mode. */
  public Optional<Set<Topic>> topicSet() {
    return Optional.ofNullable(topics);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TopicFilter)) {
      return false;
    }
    TopicFilter f = (TopicFilter) o;
    return topics != null ? topics.equals(f.topics) : f.topics == null && bloom.equals(f.bloom);
  }

  @Override
  public int hashCode() {
    return topics != null ? topics.hashCode() : bloom.hashCode();
  }

  @Override
  public String toString() {
    return topics != null
        ? "TopicFilter[topics=" + topics.size() + "]"
        : "TopicFilter[" + bloom + "]";
  }
}
