package io.kdas.api.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterSpecTest {

  private static final ParameterSpec TEMPERATURE =
      ParameterSpec.number("temperature", 4, 0.05, 100, "softmax temperature");
  private static final ParameterSpec EPOCHS =
      ParameterSpec.integer("epochs", 10, 1, 500, "training epochs");
  private static final ParameterSpec AUGMENT = ParameterSpec.bool("augment", true, "augment data");
  private static final ParameterSpec MODE =
      ParameterSpec.choice("mode", "mean", List.of("mean", "max", "first"), "how to combine");

  @Test
  void factoriesWriteDefaultsInSpecTextForm() {
    assertEquals("4", TEMPERATURE.defaultValue());
    assertEquals("0.9", ParameterSpec.number("alpha", 0.9, 0, 1, "weight").defaultValue());
    assertEquals("10", EPOCHS.defaultValue());
    assertEquals("true", AUGMENT.defaultValue());
    assertEquals("mean", MODE.defaultValue());
    assertEquals(ParameterType.NUMBER, TEMPERATURE.type());
    assertEquals(ParameterType.INTEGER, EPOCHS.type());
    assertEquals(ParameterType.BOOLEAN, AUGMENT.type());
    assertEquals(ParameterType.CHOICE, MODE.type());
  }

  @Test
  void numbersParseWithinInclusiveBounds() {
    assertEquals(2.5, TEMPERATURE.parse("2.5"));
    assertEquals(0.05, TEMPERATURE.parse("0.05"));
    assertEquals(100.0, TEMPERATURE.parse("100"));
    assertEquals(3.0, TEMPERATURE.parse("  3 "), "surrounding blanks are ignored");
    assertEquals(0.5, TEMPERATURE.parse("5e-1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"100.5", "0.01", "-4", "NaN", "Infinity", "abc", "", "4 5"})
  void numbersOutOfRangeOrMalformedAreRefusedWithTheRange(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TEMPERATURE.parse(text));
    assertEquals(
        "'" + text + "' is not allowed for temperature: expected a number in [0.05, 100]",
        e.getMessage());
  }

  @Test
  void integersParseWithinBounds() {
    assertEquals(1, EPOCHS.parse("1"));
    assertEquals(500, EPOCHS.parse("500"));
    assertEquals(42, EPOCHS.parse(" 42"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.5", "1e3", "0", "501", "ten", "99999999999"})
  void badIntegersAreRefusedWithTheRange(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EPOCHS.parse(text));
    assertEquals(
        "'" + text + "' is not allowed for epochs: expected a whole number in [1, 500]",
        e.getMessage());
  }

  @Test
  void booleansAreTrueOrFalse() {
    assertEquals(Boolean.TRUE, AUGMENT.parse("true"));
    assertEquals(Boolean.FALSE, AUGMENT.parse("false"));
    assertEquals(Boolean.FALSE, AUGMENT.parse("False"), "case does not matter");
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "1", "0", "t", ""})
  void badBooleansAreRefused(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AUGMENT.parse(text));
    assertEquals(
        "'" + text + "' is not allowed for augment: expected true or false", e.getMessage());
  }

  @Test
  void choicesAcceptOnlyTheirWords() {
    assertEquals("max", MODE.parse("max"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MODE.parse("median"));
    assertEquals(
        "'median' is not allowed for mode: expected one of mean, max, first", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MODE.parse("MAX"), "choices are exact");
  }

  @Test
  void aChoiceDefaultMustBeOneOfTheChoices() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> ParameterSpec.choice("mode", "median", List.of("mean", "max"), "combine"));
    assertTrue(e.getMessage().contains("median"), e.getMessage());
    assertTrue(e.getMessage().contains("mean") && e.getMessage().contains("max"), e.getMessage());
  }

  @Test
  void allowedDescribesEveryType() {
    assertEquals("a number in [0.05, 100]", TEMPERATURE.allowed());
    assertEquals("a whole number in [1, 500]", EPOCHS.allowed());
    assertEquals("true or false", AUGMENT.allowed());
    assertEquals("one of mean, max, first", MODE.allowed());
  }

  @Test
  void choicesAreCopied() {
    List<String> words = new ArrayList<>(List.of("a", "b"));
    ParameterSpec spec = ParameterSpec.choice("p", "a", words, "d");
    words.add("c");
    assertEquals(List.of("a", "b"), spec.choices());
    assertThrows(UnsupportedOperationException.class, () -> spec.choices().add("d"));
  }
}
