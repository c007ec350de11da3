package io.kdas.api;

import io.kdas.api.param.PluginParameters;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The installed plugins: built-ins on the class path and plugin jars from directories, each jar
 * through a class loader of its own (whose parent is the api's loader, so every jar sees the same
 * {@code io.kdas.api}, proto and TensorFlow classes, but not the other jars' classes). The one
 * place that runs {@link ServiceLoader}; immutable once built, so one registry can serve
 * concurrent runs.
 */
public final class PluginRegistry {

  private final Map<PluginKind, Map<String, PluginDescriptor>> plugins;

  private PluginRegistry(Map<PluginKind, Map<String, PluginDescriptor>> plugins) {
    this.plugins = plugins;
  }

  /**
   * The plugins on the class path of this class.
   *
   * @return the registry
   * @throws PluginException as {@link #load}
   */
  public static PluginRegistry fromClassPath() {
    return load(List.of());
  }

  /**
   * The plugins on the class path plus those in the jars of the given directories. Every
   * descriptor is instantiated now (with its no-argument constructor); no component is created.
   *
   * @param pluginDirectories directories whose {@code *.jar} files (not subdirectories) are
   *     loaded, in name order
   * @return the registry
   * @throws PluginException if a directory does not exist or cannot be read, a plugin cannot be
   *     instantiated, was built for another SPI version, or shares its kind and name with another
   *     plugin (naming both origins)
   */
  public static PluginRegistry load(List<Path> pluginDirectories) {
    Map<PluginKind, Map<String, PluginDescriptor>> found = new LinkedHashMap<>();
    ClassLoader base = PluginRegistry.class.getClassLoader();
    for (PluginKind kind : PluginKind.values()) {
      found.put(kind, new LinkedHashMap<>());
      collect(kind, base, false, "the class path", found.get(kind));
    }
    for (Path jar : jars(pluginDirectories)) {
      checkReadable(jar);
      URLClassLoader loader = new URLClassLoader(new URL[] {url(jar)}, base);
      for (PluginKind kind : PluginKind.values()) {
        collect(kind, loader, true, jar.toString(), found.get(kind));
      }
    }
    Map<PluginKind, Map<String, PluginDescriptor>> frozen = new LinkedHashMap<>();
    found.forEach((k, v) -> frozen.put(k, Collections.unmodifiableMap(v)));
    return new PluginRegistry(Collections.unmodifiableMap(frozen));
  }

  /**
   * All plugins of one kind.
   *
   * @param kind the kind
   * @return the plugins, class path first, then the jars in the order they were loaded
   */
  public List<PluginDescriptor> list(PluginKind kind) {
    return List.copyOf(plugins.get(kind).values());
  }

  /**
   * Names of the installed plugins of one kind.
   *
   * @param kind the kind
   * @return the names, sorted
   */
  public List<String> names(PluginKind kind) {
    return plugins.get(kind).keySet().stream().sorted().toList();
  }

  /**
   * The plugin of this kind and name.
   *
   * @param kind the kind
   * @param name the name a run spec uses
   * @return the installed plugin
   * @throws PluginException naming the installed plugins of that kind if there is none
   */
  public PluginDescriptor find(PluginKind kind, String name) {
    PluginDescriptor d = plugins.get(kind).get(name);
    if (d == null) {
      throw new PluginException(
          "no "
              + kind.label()
              + " plugin named '"
              + name
              + "'; installed: "
              + (names(kind).isEmpty() ? "none" : String.join(", ", names(kind))));
    }
    return d;
  }

  /**
   * Checks parameters against the plugin's schema and builds the component with {@link
   * Plugin#create}.
   *
   * @param <T> the component type
   * @param kind the kind
   * @param name the plugin's name
   * @param params parameter values as text, by name, as a run spec gives them
   * @param type the component type the kind builds (e.g. {@code DistillationLoss.class})
   * @return the component
   * @throws PluginException if there is no such plugin; naming the plugin and the offending
   *     parameter if a value is not allowed; naming the plugin and its origin, with the
   *     exception's message, if {@code create} throws a runtime exception; or if it builds
   *     something other than a {@code type}
   */
  public <T> T create(PluginKind kind, String name, Map<String, String> params, Class<T> type) {
    PluginDescriptor d = find(kind, name);
    PluginParameters resolved = resolve(d, params);
    Object component;
    try {
      component = d.plugin().create(resolved);
    } catch (RuntimeException e) {
      throw new PluginException(
          kind.label() + " plugin '" + name + "' (" + d.origin() + ") failed to load: "
              + e.getMessage(), e);
    } catch (LinkageError e) {
      throw new PluginException(kind.label() + " plugin '" + name + "' (" + d.origin()
          + ") does not link against this KDAS: " + linkage(e), e);
    }
    if (!type.isInstance(component)) {
      throw new PluginException(kind.label() + " plugin '" + name + "' (" + d.origin()
          + ") built a " + component.getClass().getName() + ", not a " + type.getName());
    }
    return type.cast(component);
  }

  /**
   * Checks parameters against the plugin's schema and fills in defaults, without creating the
   * component.
   *
   * @param d the plugin
   * @param params parameter values as text, by name
   * @return the typed values, defaults filled in
   * @throws PluginException naming the plugin and the first offending parameter
   */
  public PluginParameters resolve(PluginDescriptor d, Map<String, String> params) {
    try {
      return d.plugin().parameters().resolve(params);
    } catch (IllegalArgumentException e) {
      throw new PluginException(d.kind().label() + " '" + d.name() + "': " + e.getMessage(), e);
    }
  }

  private static void collect(
      PluginKind kind, ClassLoader loader, boolean ownClassesOnly, String where,
      Map<String, PluginDescriptor> into) {
    List<ServiceLoader.Provider<? extends Plugin<?>>> providers;
    try {
      providers = providers(kind.serviceType(), loader);
    } catch (ServiceConfigurationError | LinkageError e) {
      throw new PluginException("cannot load " + kind.label() + " plugins from " + where + ": "
          + linkage(e), e);
    }
    for (ServiceLoader.Provider<? extends Plugin<?>> provider : providers) {
      if (ownClassesOnly && provider.type().getClassLoader() != loader) {
        continue; // a class-path plugin seen again through the jar loader's parent
      }
      String origin = origin(provider.type());
      Plugin<?> plugin;
      try {
        plugin = provider.get();
      } catch (LinkageError e) {
        throw new PluginException("cannot instantiate " + provider.type().getName() + " ("
            + origin + "): " + linkage(e), e);
      } catch (ServiceConfigurationError | RuntimeException e) {
        throw new PluginException(
            "cannot instantiate " + provider.type().getName() + " (" + origin + "): "
                + e.getMessage(), e);
      }
      add(plugin, origin, into);
    }
  }

  private static <S extends Plugin<?>> List<ServiceLoader.Provider<? extends Plugin<?>>> providers(
      Class<S> service, ClassLoader loader) {
    List<ServiceLoader.Provider<? extends Plugin<?>>> list = new ArrayList<>();
    ServiceLoader.load(service, loader).stream().forEach(list::add);
    return list;
  }

  private static void add(Plugin<?> plugin, String origin, Map<String, PluginDescriptor> into) {
    String label = plugin.kind().label() + " plugin '" + plugin.name() + "' (" + origin + ")";
    if (plugin.spiVersion() != Spi.VERSION) {
      throw new PluginException(
          label + " was built for KDAS SPI version " + plugin.spiVersion()
              + ", this KDAS has SPI version " + Spi.VERSION + "; rebuild it against this api");
    }
    PluginDescriptor previous = into.get(plugin.name());
    if (previous != null) {
      throw new PluginException(
          "two " + plugin.kind().label() + " plugins are named '" + plugin.name() + "': "
              + previous.origin() + " and " + origin);
    }
    into.put(plugin.name(), new PluginDescriptor(plugin, origin));
  }

  private static String origin(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return "unknown";
    }
    try {
      return Path.of(source.getLocation().toURI()).toString();
    } catch (Exception e) {
      return source.getLocation().toString();
    }
  }

  /** A corrupt or unreadable jar is an error naming it, never silently skipped. */
  private static void checkReadable(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      file.getManifest(); // reads the central directory
    } catch (IOException e) {
      throw new PluginException("plugin jar " + jar + " is not a readable jar: "
          + e.getMessage());
    }
  }

  /**
   * What a linkage failure means for a plugin author: the class missing from the jar, the method
   * the jar expects of another KDAS version, or the Java version it was compiled for.
   */
  private static String linkage(Throwable e) {
    Throwable cause = e;
    while (!(cause instanceof LinkageError) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (!(cause instanceof LinkageError)) {
      return e.getMessage();
    }
    if (cause instanceof NoClassDefFoundError) {
      return "class " + cause.getMessage().replace('/', '.') + " is missing (put the plugin's "
          + "dependencies inside its jar)";
    }
    if (cause instanceof UnsupportedClassVersionError) {
      return cause.getMessage() + " (this KDAS runs on Java "
          + Runtime.version().feature() + ")";
    }
    if (cause instanceof NoSuchMethodError || cause instanceof NoSuchFieldError
        || cause instanceof AbstractMethodError || cause instanceof IncompatibleClassChangeError) {
      return cause.getClass().getSimpleName() + " " + cause.getMessage()
          + " (built against another KDAS api: rebuild the plugin against this one)";
    }
    return cause.toString();
  }

  private static List<Path> jars(List<Path> directories) {
    List<Path> jars = new ArrayList<>();
    for (Path dir : directories) {
      if (!Files.isDirectory(dir)) {
        throw new PluginException("plugin directory " + dir + " does not exist");
      }
      try (Stream<Path> files = Files.list(dir)) {
        files.filter(p -> p.toString().endsWith(".jar"))
            .sorted(Comparator.naturalOrder())
            .forEach(jars::add);
      } catch (IOException e) {
        throw new PluginException("cannot list plugin directory " + dir + ": " + e.getMessage());
      }
    }
    return jars;
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new PluginException("bad plugin jar path " + jar);
    }
  }
}
