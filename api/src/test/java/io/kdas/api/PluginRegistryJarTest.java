package io.kdas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.fixture.ScaledCrossEntropyFixturePlugin;
import io.kdas.api.fixture.ScaledCrossEntropyLoss;
import io.kdas.api.fixture.jar.FailingConstructorTemplate;
import io.kdas.api.fixture.jar.FailingCreateTemplate;
import io.kdas.api.fixture.jar.JarLossTemplate;
import io.kdas.api.fixture.jar.PluginJars;
import io.kdas.api.fixture.jar.WrongSpiTemplate;
import io.kdas.api.loss.DistillationLoss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry with plugin jars assembled at test time (see {@link PluginJars}). */
class PluginRegistryJarTest {

  @TempDir Path dir;

  @Test
  void loadsAPluginFromAJarThroughItsOwnClassLoader() throws IOException {
    Path jar = PluginJars.write(dir.resolve("jar-loss.jar"), JarLossTemplate.class,
        PluginKind.LOSS);
    Files.writeString(dir.resolve("README.txt"), "not a jar: ignored");

    PluginRegistry registry = PluginRegistry.load(List.of(dir));

    PluginDescriptor d = registry.find(PluginKind.LOSS, "jar-loss");
    assertEquals(jar.toString(), d.origin());
    Class<?> type = d.plugin().getClass();
    assertEquals(PluginJars.packagedName(JarLossTemplate.class), type.getName());
    assertNotSame(PluginRegistry.class.getClassLoader(), type.getClassLoader());
    assertEquals("2.0", d.plugin().version());
    assertEquals(new ScaledCrossEntropyLoss(1f),
        registry.create(PluginKind.LOSS, "jar-loss", Map.of(), DistillationLoss.class));
    // the class-path plugin is still there, and each name once (names() is sorted)
    assertEquals(List.of(ScaledCrossEntropyFixturePlugin.NAME, "jar-loss"),
        registry.names(PluginKind.LOSS).stream()
            .filter(n -> n.equals("jar-loss") || n.equals(ScaledCrossEntropyFixturePlugin.NAME))
            .toList());
  }

  @Test
  void aJarWhosePluginClassIsAlsoOnTheClassPathIsSkipped() throws IOException {
    // The jar's loader delegates to its parent first, so the class comes from the class path and
    // the registry takes the provider for a class-path plugin seen again; the template is not
    // registered on the class path, so no plugin named jar-loss is installed at all.
    PluginJars.writeWithoutRenaming(dir.resolve("copy.jar"), JarLossTemplate.class,
        PluginKind.LOSS);
    PluginRegistry registry = PluginRegistry.load(List.of(dir));
    assertFalse(registry.names(PluginKind.LOSS).contains("jar-loss"));
  }

  @Test
  void twoPluginsOfTheSameKindAndNameNameBothOrigins() throws IOException {
    Path first = PluginJars.write(dir.resolve("a/first.jar"), JarLossTemplate.class,
        PluginKind.LOSS);
    Path second = PluginJars.write(dir.resolve("b/second.jar"), JarLossTemplate.class,
        PluginKind.LOSS);

    PluginException e =
        assertThrows(PluginException.class,
            () -> PluginRegistry.load(List.of(first.getParent(), second.getParent())));
    assertEquals(
        "two loss plugins are named 'jar-loss': " + first + " and " + second, e.getMessage());
  }

  @Test
  void twoJarsInOneDirectoryAreLoadedInNameOrder() throws IOException {
    Path b = PluginJars.write(dir.resolve("b.jar"), JarLossTemplate.class, PluginKind.LOSS);
    Path a = PluginJars.write(dir.resolve("a.jar"), JarLossTemplate.class, PluginKind.LOSS);

    PluginException e =
        assertThrows(PluginException.class, () -> PluginRegistry.load(List.of(dir)));
    assertEquals("two loss plugins are named 'jar-loss': " + a + " and " + b, e.getMessage());
  }

  @Test
  void aPluginBuiltForAnotherSpiVersionIsRefused() throws IOException {
    Path jar = PluginJars.write(dir.resolve("future.jar"), WrongSpiTemplate.class,
        PluginKind.LOSS);

    PluginException e =
        assertThrows(PluginException.class, () -> PluginRegistry.load(List.of(dir)));
    String m = e.getMessage();
    assertTrue(m.contains("'wrong-spi-loss'"), m);
    assertTrue(m.contains(jar.toString()), m);
    assertTrue(m.contains("SPI version " + WrongSpiTemplate.CLAIMED_SPI_VERSION), m);
    assertTrue(m.contains("SPI version " + Spi.VERSION), m);
  }

  @Test
  void aPluginWhoseConstructorThrowsNamesItsClassAndOrigin() throws IOException {
    Path jar = PluginJars.write(dir.resolve("broken.jar"), FailingConstructorTemplate.class,
        PluginKind.LOSS);

    PluginException e =
        assertThrows(PluginException.class, () -> PluginRegistry.load(List.of(dir)));
    String m = e.getMessage();
    assertTrue(m.startsWith("cannot instantiate "
        + PluginJars.packagedName(FailingConstructorTemplate.class) + " (" + jar + "): "), m);
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertInstanceOf(IllegalStateException.class, root);
    assertEquals(FailingConstructorTemplate.FAILURE, root.getMessage());
  }

  @Test
  void createWrapsAPluginThatThrowsAndNamesIt() throws IOException {
    Path jar = PluginJars.write(dir.resolve("fails.jar"), FailingCreateTemplate.class,
        PluginKind.LOSS);
    PluginRegistry registry = PluginRegistry.load(List.of(dir));

    PluginException e =
        assertThrows(PluginException.class,
            () -> registry.create(PluginKind.LOSS, FailingCreateTemplate.NAME, Map.of(),
                DistillationLoss.class));
    assertEquals(
        "loss plugin '" + FailingCreateTemplate.NAME + "' (" + jar + ") failed to load: "
            + FailingCreateTemplate.FAILURE,
        e.getMessage());
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
  }

  @Test
  void aCorruptJarIsAnErrorNamingTheFile() throws IOException {
    Path jar = dir.resolve("corrupt.jar");
    java.nio.file.Files.write(jar, "not a zip at all".getBytes());
    PluginException e =
        assertThrows(PluginException.class, () -> PluginRegistry.load(List.of(dir)));
    assertTrue(e.getMessage().startsWith("plugin jar " + jar + " is not a readable jar: "),
        e.getMessage());
  }

  @Test
  void aPluginCompiledForANewerJavaNamesItsJarAndTheJavaVersions() throws IOException {
    Path jar = PluginJars.writeForClassVersion(dir.resolve("newer.jar"),
        FailingCreateTemplate.class, PluginKind.LOSS, 99);
    PluginException e =
        assertThrows(PluginException.class, () -> PluginRegistry.load(List.of(dir)));
    String m = e.getMessage();
    assertTrue(m.contains(jar.toString()), m);
    assertTrue(m.contains("class file version 99.0") && m.contains("this KDAS runs on Java "),
        m);
  }
}
