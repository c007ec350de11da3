package io.kdas.api.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterSchemaTest {

  private static final ParameterSchema SCHEMA =
      ParameterSchema.of(
          ParameterSpec.number("temperature", 4, 0.05, 100, "softmax temperature"),
          ParameterSpec.integer("epochs", 10, 1, 500, "training epochs"),
          ParameterSpec.bool("augment", true, "augment data"),
          ParameterSpec.choice("mode", "mean", List.of("mean", "max"), "how to combine"));

  @Test
  void defaultsFillEveryParameterWithItsType() {
    PluginParameters p = SCHEMA.defaults();
    assertEquals(4.0, p.number("temperature"));
    assertEquals(10, p.integer("epochs"));
    assertTrue(p.bool("augment"));
    assertEquals("mean", p.choice("mode"));
    assertEquals(List.of("temperature", "epochs", "augment", "mode"),
        List.copyOf(p.asMap().keySet()), "declaration order");
  }

  @Test
  void givenValuesOverrideDefaultsAndTheRestStayDefault() {
    PluginParameters p = SCHEMA.resolve(Map.of("temperature", "2.5", "mode", "max"));
    assertEquals(2.5, p.number("temperature"));
    assertEquals("max", p.choice("mode"));
    assertEquals(10, p.integer("epochs"));
    assertTrue(p.bool("augment"));
  }

  @Test
  void unknownKeyListsTheAllowedKeys() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> SCHEMA.resolve(Map.of("temprature", "2")));
    assertEquals(
        "unknown parameter 'temprature'; allowed: temperature, epochs, augment, mode",
        e.getMessage());
  }

  @Test
  void unknownKeyOfASchemaWithoutParametersSaysNone() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> ParameterSchema.empty().resolve(Map.of("alpha", "0.5")));
    assertEquals("unknown parameter 'alpha'; allowed: none", e.getMessage());
    assertTrue(ParameterSchema.empty().defaults().asMap().isEmpty());
  }

  @Test
  void badValuesNameTheParameterAndWhatIsAllowed() {
    assertMessage(Map.of("temperature", "1000"),
        "'1000' is not allowed for temperature: expected a number in [0.05, 100]");
    assertMessage(Map.of("epochs", "2.5"),
        "'2.5' is not allowed for epochs: expected a whole number in [1, 500]");
    assertMessage(Map.of("augment", "yes"),
        "'yes' is not allowed for augment: expected true or false");
    assertMessage(Map.of("mode", "median"),
        "'median' is not allowed for mode: expected one of mean, max");
  }

  @Test
  void aParameterDeclaredTwiceIsRefused() {
    ParameterSpec alpha = ParameterSpec.number("alpha", 0.5, 0, 1, "weight");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ParameterSchema.of(alpha, alpha));
    assertEquals("parameter declared twice: alpha", e.getMessage());
  }

  @Test
  void aDefaultOutsideItsRangeFailsWhenResolved() {
    ParameterSchema broken =
        ParameterSchema.of(ParameterSpec.number("alpha", 2, 0, 1, "weight"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, broken::defaults);
    assertEquals("'2' is not allowed for alpha: expected a number in [0, 1]", e.getMessage());
  }

  @Test
  void resolvedParametersAreImmutableAndNameMissingKeys() {
    PluginParameters p = SCHEMA.defaults();
    assertThrows(UnsupportedOperationException.class, () -> p.asMap().put("x", 1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> p.number("alpha"));
    assertEquals("no parameter 'alpha' in [temperature, epochs, augment, mode]", e.getMessage());
  }

  @Test
  void resolveDoesNotKeepTheCallersMap() {
    Map<String, String> given = new LinkedHashMap<>(Map.of("epochs", "3"));
    PluginParameters p = SCHEMA.resolve(given);
    given.put("epochs", "4");
    assertEquals(3, p.integer("epochs"));
  }

  @Test
  void specsAreListedInDeclarationOrder() {
    assertEquals(List.of("temperature", "epochs", "augment", "mode"),
        SCHEMA.specs().stream().map(ParameterSpec::name).toList());
    assertEquals("epochs", SCHEMA.spec("epochs").orElseThrow().name());
    assertTrue(SCHEMA.spec("nope").isEmpty());
  }

  private static void assertMessage(Map<String, String> given, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SCHEMA.resolve(given));
    assertEquals(message, e.getMessage());
  }
}
