package dev.causeway.v2.store.archive;

import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.PubsubTopicException;
import dev.causeway.v2.core.WakuMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of both backends that is plain SQL: the bounded insert queue and its single writer
 * thread, query building (spec v2-store.md §3.2-§3.3) and time/capacity retention (§5.3).
 * Subclasses supply connections and the size measure.
 */
abstract class JdbcArchive implements MessageArchive {
  /*
   * Writes: one writer thread owns one connection and commits batches of up to batchSize inserts
   * (JDBC batch of `INSERT ... ON CONFLICT (hash) DO NOTHING`; the per-row update count tells
   * STORED from DUPLICATE, also for duplicates inside one batch). With linger 0 the batch is
   * whatever queued up while the previous commit ran, so batches grow with load by themselves and
   * the fsync per commit is amortised. If a batch fails, its entries are retried one transaction
   * each, so one poison row (e.g. a topic PostgreSQL refuses) fails alone. Futures complete after
   * commit, never before.
   *
   * Reads: a pool of connections; every page is one SELECT (a snapshot), preceded by the cursor's
   * PK look-up (cursor -> timestamp) on the same connection. Order is (timestamp ASC|DESC, hash
   * ASC|DESC); the cursor condition is the row value (timestamp, hash) > | < (ts, cursor), which
   * both SQLite and PostgreSQL turn into an index range on (..., timestamp, hash). A content-topic
   * filter with a pubsub topic and several content topics becomes a UNION ALL of one ordered,
   * limited branch per content topic (each a range scan of (pubsub, content, timestamp, hash))
   * merged by an outer ORDER BY/LIMIT; an IN list would make both engines gather and sort every
   * match in the time range before applying LIMIT.
   *
   * Retention deletes in chunks of retentionDeleteChunk rows per transaction (oldest first) so the
   * writer, which needs the same lock on SQLite, is never held up for long.
   */
  private static final Logger LOG = LoggerFactory.getLogger(JdbcArchive.class);

  static final String COLUMNS =
      "hash, pubsub_topic, content_topic, timestamp, version, payload, meta, rate_limit_proof";
  private static final String INSERT_SQL =
      "INSERT INTO message ("
          + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (hash) DO NOTHING";

  private record Pending(ArchivedMessage message, CompletableFuture<InsertOutcome> future) {}

  protected final ArchiveConfig config;
  protected final ArchiveMetrics metrics;
  protected final Clock clock;
  private final ArrayBlockingQueue<Pending> queue;
  private final Thread writer;
  private final ConcurrentHashMap<String, PubsubTopic> topics = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private volatile boolean writerDone;
  private final Object closeLock = new Object();
  private boolean resourcesClosed;
  private Connection writeConnection;
  private PreparedStatement insertStatement;

  JdbcArchive(
      String name,
      ArchiveConfig config,
      io.micrometer.core.instrument.MeterRegistry registry,
      Clock clock) {
    this.config = config;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    this.metrics = new ArchiveMetrics(registry, queue::size);
    this.writer = new Thread(this::writeLoop, "archive-writer-" + name);
    this.writer.setDaemon(true);
  }

  /** Starts the writer; called by the subclass once its connections work. */
  final void start() throws ArchiveException {
    metrics.storedCount(count());
    writer.start();
  }

  /** A connection for the writer (auto-commit off is set here). */
  abstract Connection openWriteConnection() throws SQLException;

  /** A pooled connection for queries; closing it returns it. */
  abstract Connection readConnection() throws SQLException;

  /** A connection for retention; closing it releases it. */
  abstract Connection maintenanceConnection() throws SQLException;

  /** Deletes oldest entries until the backend's size measure is within {@code maxBytes}. */
  abstract long applySize(Connection c, long maxBytes) throws SQLException;

  /** Runs {@code body} only if no other node runs retention now (PostgreSQL advisory lock). */
  abstract long withRetentionLock(Connection c, SqlBody body) throws SQLException;

  /** Releases pools and files; called once, after the writer stopped. */
  abstract void closeResources();

  /**
   * Called by the writer thread after each successful commit, with the writer's connection; may do
   * short maintenance on it, must not throw.
   */
  void afterCommit(Connection writer) {}

  @FunctionalInterface
  interface SqlBody {
    long run() throws SQLException, ArchiveException;
  }

  // ---------------------------------------------------------------- inserts

  @Override
  public CompletableFuture<InsertOutcome> insert(ArchivedMessage m) {
    if (closed) {
      metrics.error(ArchiveMetrics.ErrorType.CLOSED);
      return CompletableFuture.failedFuture(
          new ArchiveException(ArchiveException.Kind.CLOSED, "archive closed"));
    }
    CompletableFuture<InsertOutcome> f = new CompletableFuture<>();
    Pending p = new Pending(m, f);
    if (!queue.offer(p)) {
      metrics.error(ArchiveMetrics.ErrorType.QUEUE_FULL);
      return CompletableFuture.failedFuture(
          new ArchiveException(
              ArchiveException.Kind.OVERLOADED,
              "insert queue full (" + config.queueCapacity() + ")"));
    }
    if (writerDone && queue.remove(p)) {
      // closed between the check above and the offer, after the writer's final drain
      f.completeExceptionally(closedException());
    }
    return f;
  }

  @Override
  public int queueDepth() {
    return queue.size();
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>(config.batchSize());
    try {
      while (true) {
        Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closed && queue.isEmpty()) {
            return;
          }
          continue;
        }
        batch.add(first);
        fillBatch(batch);
        commit(batch);
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      writerDone = true;
      for (Pending p : batch) {
        p.future().completeExceptionally(closedException());
      }
      Pending p;
      while ((p = queue.poll()) != null) {
        p.future().completeExceptionally(closedException());
      }
      closeWriteConnection();
    }
  }

  private void fillBatch(List<Pending> batch) throws InterruptedException {
    int room = config.batchSize() - batch.size();
    queue.drainTo(batch, room);
    long lingerNanos = config.linger().toNanos();
    if (lingerNanos <= 0 || closed) {
      return;
    }
    long deadline = System.nanoTime() + lingerNanos;
    while (batch.size() < config.batchSize()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Pending p = queue.poll(left, TimeUnit.NANOSECONDS);
      if (p == null) {
        return;
      }
      batch.add(p);
      queue.drainTo(batch, config.batchSize() - batch.size());
    }
  }

  private static ArchiveException closedException() {
    return new ArchiveException(ArchiveException.Kind.CLOSED, "archive closed before commit");
  }

  private void commit(List<Pending> batch) {
    long start = System.nanoTime();
    int[] counts;
    try {
      ensureWriteConnection();
      counts = writeBatch(batch);
    } catch (SQLException e) {
      LOG.warn("insert batch of {} failed ({}); retrying one by one", batch.size(), e.toString());
      closeWriteConnection();
      for (int i = 0; i < batch.size(); i++) {
        if (!commitOne(batch.get(i))) {
          // the database itself is unreachable: do not wait a connection timeout per entry
          failAll(batch.subList(i + 1, batch.size()), e);
          return;
        }
      }
      return;
    }
    metrics.insertDuration().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    for (int i = 0; i < batch.size(); i++) {
      complete(batch.get(i), counts[i]);
    }
  }

  /** Commits one entry alone; false if the database is unreachable (entry failed too). */
  private boolean commitOne(Pending p) {
    try {
      ensureWriteConnection();
    } catch (SQLException e) {
      failAll(List.of(p), e);
      return false;
    }
    try {
      int[] counts = writeBatch(List.of(p));
      complete(p, counts[0]);
      return true;
    } catch (SQLException e) {
      failAll(List.of(p), e);
      closeWriteConnection();
      return true;
    }
  }

  private void failAll(List<Pending> ps, SQLException e) {
    for (Pending p : ps) {
      metrics.error(ArchiveMetrics.ErrorType.INSERT_FAILURE);
      p.future()
          .completeExceptionally(
              new ArchiveException(ArchiveException.Kind.DRIVER_ERROR, e.getMessage(), e));
    }
  }

  private void ensureWriteConnection() throws SQLException {
    if (writeConnection == null) {
      Connection c = openWriteConnection();
      try {
        c.setAutoCommit(false);
        insertStatement = c.prepareStatement(INSERT_SQL);
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      writeConnection = c;
    }
  }

  private void complete(Pending p, int count) {
    if (count == 0) {
      metrics.inserted(ArchiveMetrics.InsertResult.DUPLICATE);
      p.future().complete(InsertOutcome.DUPLICATE);
    } else {
      metrics.inserted(ArchiveMetrics.InsertResult.STORED);
      p.future().complete(InsertOutcome.STORED);
    }
  }

  private int[] writeBatch(List<Pending> batch) throws SQLException {
    try {
      for (Pending p : batch) {
        bindInsert(insertStatement, p.message());
        insertStatement.addBatch();
      }
      int[] counts = insertStatement.executeBatch();
      writeConnection.commit();
      afterCommit(writeConnection);
      if (counts.length != batch.size()) {
        throw new SQLException("driver returned " + counts.length + " counts for " + batch.size());
      }
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == Statement.SUCCESS_NO_INFO) {
          counts[i] = 1;
        }
      }
      return counts;
    } catch (SQLException e) {
      try {
        insertStatement.clearBatch();
        writeConnection.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static void bindInsert(PreparedStatement ps, ArchivedMessage a) throws SQLException {
    WakuMessage m = a.message();
    ps.setBytes(1, a.hash().bytes());
    ps.setString(2, a.pubsubTopic().toString());
    ps.setString(3, m.contentTopic());
    ps.setLong(4, m.timestampOrZero());
    ps.setLong(5, Integer.toUnsignedLong(m.version()));
    ps.setBytes(6, m.payload());
    byte[] meta = m.meta();
    if (meta.length == 0) {
      ps.setNull(7, java.sql.Types.BINARY);
    } else {
      ps.setBytes(7, meta);
    }
    byte[] proof = m.rateLimitProof();
    if (proof == null) {
      ps.setNull(8, java.sql.Types.BINARY);
    } else {
      ps.setBytes(8, proof);
    }
  }

  private void closeWriteConnection() {
    if (writeConnection != null) {
      try {
        writeConnection.close();
      } catch (SQLException e) {
        LOG.debug("closing writer connection", e);
      }
      writeConnection = null;
      insertStatement = null;
    }
  }

  // ---------------------------------------------------------------- queries

  @Override
  public ArchivePage query(ArchiveQuery q) throws ArchiveException {
    checkOpen();
    validate(q);
    long start = System.nanoTime();
    try (Connection c = readConnection()) {
      ArchivePage page = runQuery(c, q);
      metrics.queryDuration().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return page;
    } catch (SQLException e) {
      metrics.error(ArchiveMetrics.ErrorType.QUERY_FAILURE);
      throw new ArchiveException(ArchiveException.Kind.DRIVER_ERROR, e.getMessage(), e);
    }
  }

  private void validate(ArchiveQuery q) throws ArchiveException {
    if (q.limit() < 1) {
      throw new ArchiveException(ArchiveException.Kind.INVALID_QUERY, "limit must be >= 1");
    }
    if (q.hashes().size() > config.maxHashesPerQuery()) {
      throw new ArchiveException(
          ArchiveException.Kind.INVALID_QUERY,
          "more than " + config.maxHashesPerQuery() + " hashes");
    }
    if (q.contentTopics().size() > config.maxContentTopicsPerQuery()) {
      throw new ArchiveException(
          ArchiveException.Kind.INVALID_QUERY,
          "more than " + config.maxContentTopicsPerQuery() + " content topics");
    }
  }

  private ArchivePage runQuery(Connection c, ArchiveQuery q) throws SQLException, ArchiveException {
    long cursorTs = 0;
    if (q.cursor().isPresent()) {
      try (PreparedStatement ps =
          c.prepareStatement("SELECT timestamp FROM message WHERE hash = ?")) {
        ps.setBytes(1, q.cursor().get().bytes());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new ArchiveException(ArchiveException.Kind.CURSOR_NOT_FOUND, "cursor not found");
          }
          cursorTs = rs.getLong(1);
        }
      }
    }
    List<Object> params = new ArrayList<>();
    String sql = buildSql(q, cursorTs, params, steerPlanner());
    List<ArchivedMessage> rows = new ArrayList<>(q.limit() + 1);
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(timeoutSeconds());
      for (int i = 0; i < params.size(); i++) {
        Object p = params.get(i);
        if (p instanceof Long l) {
          ps.setLong(i + 1, l);
        } else if (p instanceof Integer n) {
          ps.setInt(i + 1, n);
        } else if (p instanceof byte[] b) {
          ps.setBytes(i + 1, b);
        } else {
          ps.setString(i + 1, (String) p);
        }
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(readRow(rs));
        }
      }
    }
    Optional<MessageHash> next = Optional.empty();
    if (rows.size() > q.limit()) {
      rows = new ArrayList<>(rows.subList(0, q.limit()));
      next = Optional.of(rows.get(q.limit() - 1).hash());
    }
    if (!q.forward()) {
      Collections.reverse(rows);
    }
    return new ArchivePage(rows, next);
  }

  int timeoutSeconds() {
    return (int) Math.max(1, config.queryTimeout().toSeconds());
  }

  /** SQLite needs planner steering (see {@link #buildSql}); PostgreSQL plans by statistics. */
  abstract boolean steerPlanner();

  /**
   * The page query. With {@code steer} (SQLite), a pubsub-topic or content-topic term that should
   * not pick the index is written as {@code +column}, SQLite's way to exclude a term from index
   * selection: without statistics SQLite takes any equality as selective and would answer a
   * pubsub-only query (one pubsub topic holds every row) by scanning the topic index and sorting
   * everything, instead of walking {@code (timestamp, hash)}; and a hash look-up must use the PK.
   */
  static String buildSql(ArchiveQuery q, long cursorTs, List<Object> params, boolean steer) {
    String dir = q.forward() ? "ASC" : "DESC";
    String order = " ORDER BY timestamp " + dir + ", hash " + dir;
    List<String> contentTopics = new ArrayList<>(new LinkedHashSet<>(q.contentTopics()));
    boolean union = contentTopics.size() > 1 && q.pubsubTopic().isPresent();
    boolean byHash = !q.hashes().isEmpty();
    String pubsubColumn =
        steer && (byHash || contentTopics.isEmpty()) ? "+pubsub_topic" : "pubsub_topic";
    String contentColumn = steer && byHash ? "+content_topic" : "content_topic";
    StringBuilder where = new StringBuilder(" WHERE 1=1");
    List<Object> whereParams = new ArrayList<>();
    if (q.pubsubTopic().isPresent()) {
      where.append(" AND ").append(pubsubColumn).append(" = ?");
      whereParams.add(q.pubsubTopic().get().toString());
    }
    if (!union && !contentTopics.isEmpty()) {
      where
          .append(" AND ")
          .append(contentColumn)
          .append(" IN (")
          .append(placeholders(contentTopics.size()))
          .append(')');
      whereParams.addAll(contentTopics);
    }
    if (q.startTimeNanos().isPresent()) {
      where.append(" AND timestamp >= ?");
      whereParams.add(q.startTimeNanos().getAsLong());
    }
    if (q.endTimeNanos().isPresent()) {
      where.append(" AND timestamp <= ?");
      whereParams.add(q.endTimeNanos().getAsLong());
    }
    if (!q.hashes().isEmpty()) {
      where.append(" AND hash IN (").append(placeholders(q.hashes().size())).append(')');
      for (MessageHash h : q.hashes()) {
        whereParams.add(h.bytes());
      }
    }
    if (q.cursor().isPresent()) {
      where.append(" AND (timestamp, hash) ").append(q.forward() ? ">" : "<").append(" (?, ?)");
      whereParams.add(cursorTs);
      whereParams.add(q.cursor().get().bytes());
    }
    int probe = q.limit() + 1;
    if (!union) {
      params.addAll(whereParams);
      params.add(probe);
      return "SELECT " + COLUMNS + " FROM message" + where + order + " LIMIT ?";
    }
    StringBuilder sql = new StringBuilder("SELECT * FROM (");
    for (int i = 0; i < contentTopics.size(); i++) {
      if (i > 0) {
        sql.append(" UNION ALL ");
      }
      sql.append("SELECT * FROM (SELECT ")
          .append(COLUMNS)
          .append(" FROM message")
          .append(where)
          .append(" AND ")
          .append(contentColumn)
          .append(" = ?")
          .append(order)
          .append(" LIMIT ?) AS b")
          .append(i);
      params.addAll(whereParams);
      params.add(contentTopics.get(i));
      params.add(probe);
    }
    sql.append(") AS u").append(order).append(" LIMIT ?");
    params.add(probe);
    return sql.toString();
  }

  private static String placeholders(int n) {
    StringBuilder s = new StringBuilder(n * 3);
    for (int i = 0; i < n; i++) {
      s.append(i == 0 ? "?" : ", ?");
    }
    return s.toString();
  }

  private ArchivedMessage readRow(ResultSet rs) throws SQLException {
    byte[] hash = rs.getBytes(1);
    String pubsub = rs.getString(2);
    WakuMessage.Builder b =
        WakuMessage.builder()
            .contentTopic(rs.getString(3))
            .timestamp(rs.getLong(4))
            .version((int) rs.getLong(5))
            .payload(nonNull(rs.getBytes(6)))
            .meta(rs.getBytes(7))
            .rateLimitProof(rs.getBytes(8));
    PubsubTopic topic = topics.get(pubsub);
    if (topic == null) {
      try {
        topic = PubsubTopic.parse(pubsub);
      } catch (PubsubTopicException e) {
        throw new SQLException("stored pubsub topic does not parse: " + e.getMessage(), e);
      }
      if (topics.size() < 1024) {
        topics.put(pubsub, topic);
      }
    }
    if (hash == null || hash.length != MessageHash.LENGTH) {
      throw new SQLException("stored hash is not 32 bytes");
    }
    return new ArchivedMessage(MessageHash.fromBytes(hash), topic, b.build());
  }

  private static byte[] nonNull(byte[] b) {
    return b == null ? new byte[0] : b;
  }

  @Override
  public long count() throws ArchiveException {
    checkOpen();
    try (Connection c = readConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM message")) {
      rs.next();
      long n = rs.getLong(1);
      metrics.storedCount(n);
      return n;
    } catch (SQLException e) {
      metrics.error(ArchiveMetrics.ErrorType.QUERY_FAILURE);
      throw new ArchiveException(ArchiveException.Kind.DRIVER_ERROR, e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- retention

  @Override
  public long applyRetention(RetentionPolicy policy) throws ArchiveException {
    checkOpen();
    if (policy.isNone()) {
      return 0;
    }
    long start = System.nanoTime();
    try (Connection c = maintenanceConnection()) {
      long deleted =
          withRetentionLock(
              c,
              () -> {
                long total = 0;
                for (RetentionPolicy.Rule r : policy.rules()) {
                  total += applyRule(c, r);
                }
                return total;
              });
      metrics.retentionDuration().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return deleted;
    } catch (SQLException e) {
      metrics.error(ArchiveMetrics.ErrorType.RETENTION_FAILURE);
      throw new ArchiveException(ArchiveException.Kind.DRIVER_ERROR, e.getMessage(), e);
    }
  }

  private long applyRule(Connection c, RetentionPolicy.Rule r)
      throws SQLException, ArchiveException {
    if (r instanceof RetentionPolicy.Time t) {
      Instant now = clock.instant();
      long nowNanos = Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L) + now.getNano();
      long cutoff = nowNanos - t.maxAge().toNanos();
      long n = deleteOldestWhile(c, "timestamp < ?", List.of(cutoff), Long.MAX_VALUE);
      metrics.retentionDeleted(ArchiveMetrics.Policy.TIME, n);
      return n;
    }
    if (r instanceof RetentionPolicy.Capacity cap) {
      long excess = countRows(c) - cap.maxMessages();
      long n = excess > 0 ? deleteOldest(c, excess) : 0;
      metrics.retentionDeleted(ArchiveMetrics.Policy.CAPACITY, n);
      return n;
    }
    if (r instanceof RetentionPolicy.Size s) {
      long n = applySize(c, s.maxBytes());
      metrics.retentionDeleted(ArchiveMetrics.Policy.SIZE, n);
      return n;
    }
    throw new ArchiveException(ArchiveException.Kind.INVALID_QUERY, "unknown rule " + r);
  }

  static long countRows(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM message")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Deletes the {@code n} oldest entries in {@code (timestamp, hash)} order. */
  long deleteOldest(Connection c, long n) throws SQLException {
    return deleteOldestWhile(c, "1=1", List.of(), n);
  }

  /**
   * Deletes up to {@code max} of the oldest entries matching {@code condition}, in chunks of {@code
   * retentionDeleteChunk}, one committed transaction per chunk.
   */
  long deleteOldestWhile(Connection c, String condition, List<Object> params, long max)
      throws SQLException {
    c.setAutoCommit(true);
    String sql =
        "DELETE FROM message WHERE hash IN (SELECT hash FROM message WHERE "
            + condition
            + " ORDER BY timestamp, hash LIMIT ?)";
    long total = 0;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(timeoutSeconds());
      while (total < max) {
        int i = 1;
        for (Object p : params) {
          ps.setObject(i++, p);
        }
        long chunk = Math.min(config.retentionDeleteChunk(), max - total);
        ps.setLong(i, chunk);
        int n = ps.executeUpdate();
        total += n;
        if (n < chunk) {
          break;
        }
      }
    }
    return total;
  }

  // ---------------------------------------------------------------- lifecycle

  final void checkOpen() throws ArchiveException {
    if (closed) {
      throw new ArchiveException(ArchiveException.Kind.CLOSED, "archive closed");
    }
  }

  @Override
  public void close() {
    synchronized (closeLock) {
      if (resourcesClosed) {
        return;
      }
      closed = true;
      if (writer.isAlive()) {
        try {
          writer.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
          writer.interrupt();
        }
      }
      resourcesClosed = true;
      closeResources();
    }
  }
}
