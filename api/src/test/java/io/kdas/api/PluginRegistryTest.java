package io.kdas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.fixture.ScaledCrossEntropyFixturePlugin;
import io.kdas.api.fixture.ScaledCrossEntropyLoss;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.api.param.PluginParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry on the class path: the fixture registered in src/test/resources/META-INF. */
class PluginRegistryTest {

  private static final String FIXTURE = ScaledCrossEntropyFixturePlugin.NAME;

  private final PluginRegistry registry = PluginRegistry.fromClassPath();

  @Test
  void findsATestPluginRegisteredThroughMetaInfServices() {
    PluginDescriptor d = registry.find(PluginKind.LOSS, FIXTURE);
    assertInstanceOf(ScaledCrossEntropyFixturePlugin.class, d.plugin());
    assertEquals(PluginKind.LOSS, d.kind());
    assertEquals(FIXTURE, d.name());
    assertTrue(registry.names(PluginKind.LOSS).contains(FIXTURE));
    assertTrue(registry.list(PluginKind.LOSS).contains(d));
  }

  @Test
  void originIsTheClassPathEntryHoldingThePluginClass() {
    Path origin = Path.of(registry.find(PluginKind.LOSS, FIXTURE).origin());
    assertTrue(
        Files.isRegularFile(
            origin.resolve("io/kdas/api/fixture/ScaledCrossEntropyFixturePlugin.class")),
        "origin " + origin + " should be the test-classes directory");
  }

  @Test
  void unknownNameListsTheInstalledNames() {
    PluginException e =
        assertThrows(PluginException.class, () -> registry.find(PluginKind.LOSS, "oracle-kdd"));
    assertTrue(e.getMessage().startsWith("no loss plugin named 'oracle-kdd'; installed: "),
        e.getMessage());
    assertTrue(e.getMessage().contains(FIXTURE), e.getMessage());
  }

  @Test
  void namesAreSortedAndListsAreImmutable() {
    List<String> names = registry.names(PluginKind.LOSS);
    assertEquals(names.stream().sorted().toList(), names);
    assertThrows(UnsupportedOperationException.class,
        () -> registry.list(PluginKind.LOSS).clear());
  }

  @Test
  void kindsAreSeparate() {
    PluginException e =
        assertThrows(PluginException.class, () -> registry.find(PluginKind.STRATEGY, FIXTURE));
    assertTrue(e.getMessage().startsWith("no strategy plugin named '" + FIXTURE + "'"),
        e.getMessage());
  }

  @Test
  void createChecksParametersAndPassesThemToThePlugin() {
    DistillationLoss loss =
        registry.create(PluginKind.LOSS, FIXTURE, Map.of("scale", "2.5"), DistillationLoss.class);
    assertEquals(new ScaledCrossEntropyLoss(2.5f), loss);
    assertEquals(new ScaledCrossEntropyLoss(1f),
        registry.create(PluginKind.LOSS, FIXTURE, Map.of(), DistillationLoss.class),
        "defaults fill what is not given");
  }

  @Test
  void createNamesThePluginAndTheOffendingParameter() {
    PluginException outOfRange =
        assertThrows(PluginException.class,
            () -> registry.create(
                PluginKind.LOSS, FIXTURE, Map.of("scale", "11"), DistillationLoss.class));
    assertEquals(
        "loss '" + FIXTURE + "': '11' is not allowed for scale: expected a number in [0, 10]",
        outOfRange.getMessage());
    assertInstanceOf(IllegalArgumentException.class, outOfRange.getCause());

    PluginException unknown =
        assertThrows(PluginException.class,
            () -> registry.create(
                PluginKind.LOSS, FIXTURE, Map.of("scael", "1"), DistillationLoss.class));
    assertEquals("loss '" + FIXTURE + "': unknown parameter 'scael'; allowed: scale",
        unknown.getMessage());
  }

  @Test
  void resolveFillsDefaults() {
    PluginParameters p =
        registry.resolve(registry.find(PluginKind.LOSS, FIXTURE), Map.of());
    assertEquals(1.0, p.number("scale"));
  }

  @Test
  void aMissingPluginDirectoryIsAnError() {
    Path missing = Path.of("target", "no-such-plugin-directory");
    PluginException e =
        assertThrows(PluginException.class, () -> PluginRegistry.load(List.of(missing)));
    assertEquals("plugin directory " + missing + " does not exist", e.getMessage());
  }
}
