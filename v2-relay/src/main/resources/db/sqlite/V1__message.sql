-- Causeway message archive, SQLite schema v1 (spec v2-store.md §3.1, §5.1, §7).
-- A rowid table (rows of 200-1000+ bytes append in insertion order) with the hash as a
-- unique key (the automatic index maps hash -> rowid for PK look-ups, cursors and dedup).
-- Topics as TEXT (UTF-8); version is the uint32 as INTEGER; meta and RLN proof NULL when absent.
CREATE TABLE message (
  hash             BLOB    NOT NULL PRIMARY KEY,
  pubsub_topic     TEXT    NOT NULL,
  content_topic    TEXT    NOT NULL,
  timestamp        INTEGER NOT NULL,
  version          INTEGER NOT NULL,
  payload          BLOB    NOT NULL,
  meta             BLOB,
  rate_limit_proof BLOB
);
-- content-filtered queries: equality on both topics, then range + order on (timestamp, hash)
CREATE INDEX i_message_topic_time ON message (pubsub_topic, content_topic, timestamp, hash);
-- unfiltered / pubsub-only / hash+time queries, retention (oldest first)
CREATE INDEX i_message_time ON message (timestamp, hash);
