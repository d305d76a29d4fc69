package dev.causeway.v2.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;

/**
 * Checks the copy mechanism of a config record with a {@code toBuilder()}: a builder with one
 * setter per record component, named like it, whose {@code build()} makes the record. Found by
 * reflection, so that a component added to the record without a builder setter (or without being
 * copied by {@code toBuilder()}) fails the record's test.
 */
public final class RecordBuilderChecks {
  private RecordBuilderChecks() {}

  /**
   * For each component, copies {@code original} with only that component set to {@code
   * otherValues.get(name)} and asserts that it changed and every other component survived. {@code
   * otherValues} must name every component, each with a valid value different from the original's
   * (and from the builder's default: pass the defaults as {@code original}).
   */
  public static void everyComponentSurvivesACopyWithOneChange(
      Record original, Map<String, Object> otherValues) throws ReflectiveOperationException {
    RecordComponent[] components = original.getClass().getRecordComponents();
    assertThat(otherValues.keySet())
        .as("a changed value for every component")
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(components).map(RecordComponent::getName).toList());
    assertThat(copy(original, null, null)).as("toBuilder().build()").isEqualTo(original);
    for (RecordComponent changed : components) {
      Object value = otherValues.get(changed.getName());
      assertThat(value).as(changed.getName()).isNotEqualTo(get(changed, original));
      Record copy = copy(original, changed, value);
      for (RecordComponent c : components) {
        assertThat(get(c, copy))
            .as("%s after changing %s", c.getName(), changed.getName())
            .isEqualTo(c == changed ? value : get(c, original));
      }
      // From a record whose value of this component is not the builder's default, so that a
      // toBuilder() that forgets to copy it is seen.
      assertThat(copy(copy, null, null))
          .as("toBuilder().build() with %s changed", changed.getName())
          .isEqualTo(copy);
    }
  }

  private static Record copy(Record original, RecordComponent component, Object value)
      throws ReflectiveOperationException {
    Object builder = original.getClass().getMethod("toBuilder").invoke(original);
    if (component != null) {
      Method setter = builder.getClass().getMethod(component.getName(), component.getType());
      assertThat(setter.invoke(builder, value)).as("setters chain").isSameAs(builder);
    }
    try {
      return (Record) builder.getClass().getMethod("build").invoke(builder);
    } catch (InvocationTargetException e) {
      throw new AssertionError("build() refused " + component + " = " + value, e.getCause());
    }
  }

  private static Object get(RecordComponent c, Record r) throws ReflectiveOperationException {
    return c.getAccessor().invoke(r);
  }
}
