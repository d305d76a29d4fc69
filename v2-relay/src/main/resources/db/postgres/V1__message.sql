-- Causeway message archive, PostgreSQL schema v1 (spec v2-store.md §3.1, §5.2, §7).
-- Binary columns as BYTEA (not hex text like nwaku: half the size); bytea compares byte-wise,
-- which is the store's hash order. Topics use the "C" collation: only equality is needed and
-- it is the cheapest.
CREATE TABLE message (
  hash             BYTEA  NOT NULL PRIMARY KEY,
  pubsub_topic     TEXT   COLLATE "C" NOT NULL,
  content_topic    TEXT   COLLATE "C" NOT NULL,
  timestamp        BIGINT NOT NULL,
  version          BIGINT NOT NULL,
  payload          BYTEA  NOT NULL,
  meta             BYTEA,
  rate_limit_proof BYTEA
);
CREATE INDEX i_message_topic_time ON message (pubsub_topic, content_topic, timestamp, hash);
CREATE INDEX i_message_time ON message (timestamp, hash);
