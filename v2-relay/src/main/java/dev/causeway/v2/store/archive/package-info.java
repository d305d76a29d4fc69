/**
 * The message archive behind the Waku v2 store (spec v2-store.md §3.1, §5, §7): the {@link
 * dev.causeway.v2.store.archive.MessageArchive} interface (batched durable inserts, paged queries
 * in {@code (timestamp, hash)} order, retention), its SQLite and PostgreSQL backends opened by
 * {@link dev.causeway.v2.store.archive.MessageArchives#open}, nwaku-style retention policies
 * ({@link dev.causeway.v2.store.archive.RetentionPolicy}) and the {@link
 * dev.causeway.v2.store.archive.ArchiveService} that feeds relayed messages into an archive.
 */
package dev.causeway.v2.store.archive;
