package dev.causeway.v2.store.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.causeway.testing.RandomInputs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** nwaku retention strings (spec v2-store.md §5.3). */
class RetentionPolicyTest {
  @Test
  void parsesEachNwakuForm() {
    assertEquals(
        List.of(new RetentionPolicy.Time(Duration.ofSeconds(172800))),
        RetentionPolicy.parse("time:172800").rules());
    assertEquals(
        List.of(new RetentionPolicy.Capacity(25000)),
        RetentionPolicy.parse("capacity:25000").rules());
    assertEquals(
        List.of(new RetentionPolicy.Size(30L * 1024 * 1024 * 1024)),
        RetentionPolicy.parse("size:30GB").rules());
    assertEquals(
        List.of(new RetentionPolicy.Size(1536L * 1024)),
        RetentionPolicy.parse("size:1.5mb").rules());
    assertEquals(
        List.of(new RetentionPolicy.Size(10L * 1024)), RetentionPolicy.parse("SIZE:10KB").rules());
  }

  @Test
  void combinesRulesWithSemicolons() {
    RetentionPolicy p = RetentionPolicy.parse("time:3600;size:1GB;capacity:100");
    assertEquals(
        List.of(
            new RetentionPolicy.Time(Duration.ofHours(1)),
            new RetentionPolicy.Size(1L << 30),
            new RetentionPolicy.Capacity(100)),
        p.rules());
    assertEquals("time:3600;size:1048576KB;capacity:100", p.toString());
    assertEquals(p, RetentionPolicy.parse(p.toString()));
  }

  @Test
  void noneAndEmptyDisableRetention() {
    assertTrue(RetentionPolicy.parse("none").isNone());
    assertTrue(RetentionPolicy.parse("").isNone());
    assertTrue(RetentionPolicy.parse(null).isNone());
    assertEquals("none", RetentionPolicy.NONE.toString());
  }

  @Test
  void rejectsMalformedRules() {
    for (String bad :
        List.of(
            "time:",
            "time:1.5",
            "time:0",
            "size:10",
            "size:0MB",
            "foo:1",
            "capacity:10MB",
            "capacity:-1",
            "size:99999999999999999999GB",
            "time:99999999999999999999",
            "time:60;",
            "time=60",
            "size:1TB")) {
      assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.parse(bad), bad);
    }
  }

  @Test
  void randomAndMutatedTextOnlyEverGivesIllegalArgument() {
    byte[] valid = "time:3600;size:1.5GB;capacity:100".getBytes(StandardCharsets.UTF_8);
    RandomInputs.forEachCase(
        2000,
        r -> {
          byte[] b = r.nextBoolean() ? RandomInputs.bytes(r, 40) : RandomInputs.mutate(r, valid);
          String text = new String(b, StandardCharsets.ISO_8859_1);
          try {
            RetentionPolicy p = RetentionPolicy.parse(text);
            assertEquals(p, RetentionPolicy.parse(p.toString().replace("KB", "kb")));
          } catch (IllegalArgumentException expected) {
            // the only failure allowed
          }
        });
  }
}
