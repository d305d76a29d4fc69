package dev.causeway.v2.store.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.causeway.testing.RandomInputs;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** URL handling of {@link MessageArchives} (nwaku's --store-message-db-url forms). */
class MessageArchivesTest {
  @Test
  void mapsPostgresUrlsToJdbc() throws Exception {
    MessageArchives.PgUrl u =
        MessageArchives.parsePostgres(
            "postgres://us%40er:p%3Ass@db.example:5433/store?sslmode=require");
    assertEquals("jdbc:postgresql://db.example:5433/store?sslmode=require", u.jdbcUrl());
    assertEquals("us@er", u.user());
    assertEquals("p:ss", u.password());
    MessageArchives.PgUrl noAuth = MessageArchives.parsePostgres("postgresql://h/d");
    assertEquals("jdbc:postgresql://h/d", noAuth.jdbcUrl());
    assertEquals(null, noAuth.user());
  }

  @Test
  void badPercentEncodingIsInvalid() {
    ArchiveException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ArchiveException.class, () -> MessageArchives.parsePostgres("postgres://u%zz:p@h/d"));
    assertEquals(ArchiveException.Kind.INVALID_QUERY, e.kind());
  }

  @Test
  void redactsPasswords() {
    assertEquals("postgres://u:***@h:1/d", MessageArchives.redact("postgres://u:secret@h:1/d"));
  }

  @Test
  void randomAndMutatedUrlsOnlyEverGiveArchiveException() {
    byte[] valid = "postgres://user:pass@127.0.0.1:5432/db?x=1".getBytes(StandardCharsets.UTF_8);
    RandomInputs.forEachCase(
        2000,
        r -> {
          byte[] b = r.nextBoolean() ? RandomInputs.bytes(r, 60) : RandomInputs.mutate(r, valid);
          String text = "postgres://" + new String(b, StandardCharsets.ISO_8859_1);
          try {
            MessageArchives.parsePostgres(text);
          } catch (ArchiveException e) {
            assertEquals(ArchiveException.Kind.INVALID_QUERY, e.kind());
          }
        });
  }
}
