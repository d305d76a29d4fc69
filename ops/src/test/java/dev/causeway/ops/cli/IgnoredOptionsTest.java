package dev.causeway.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IgnoredOptionsTest {
  @Test
  void readsEqualsFormSpaceFormAndBareFlags() {
    IgnoredOptions o =
        IgnoredOptions.parse(
            List.of("--store=true", "--rest", "false", "--metrics-server", "--nat=extip:1.2.3.4"));
    assertThat(o.options())
        .extracting(Object::toString)
        .containsExactly("--store=true", "--rest=false", "--metrics-server", "--nat=extip:1.2.3.4");
    assertThat(o.strays()).isEmpty();
  }

  @Test
  void aWordAfterAnOptionWithEqualsIsAStray() {
    IgnoredOptions o = IgnoredOptions.parse(List.of("--store=true", "oops"));
    assertThat(o.options()).extracting(IgnoredOptions.Ignored::name).containsExactly("--store");
    assertThat(o.strays()).containsExactly("oops");
  }

  @Test
  void aLeadingWordIsAStray() {
    IgnoredOptions o = IgnoredOptions.parse(List.of("node", "--filter"));
    assertThat(o.strays()).containsExactly("node");
    assertThat(o.options()).extracting(Object::toString).containsExactly("--filter");
  }

  @Test
  void aLoneDashIsNotAnOption() {
    assertThat(IgnoredOptions.parse(List.of("-")).strays()).containsExactly("-");
  }

  @Test
  void keepsAnEmptyValue() {
    IgnoredOptions.Ignored i = IgnoredOptions.parse(List.of("--storenode=")).options().get(0);
    assertThat(i.name()).isEqualTo("--storenode");
    assertThat(i.value()).isEmpty();
  }
}
