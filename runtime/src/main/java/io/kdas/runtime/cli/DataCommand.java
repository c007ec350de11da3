package io.kdas.runtime.cli;

import io.kdas.proto.DatasetSpec;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.fetch.Checksum;
import io.kdas.runtime.data.fetch.DatasetFetcher;
import io.kdas.runtime.data.fetch.DatasetSource;
import io.kdas.runtime.data.fetch.Downloader;
import io.kdas.runtime.data.fetch.KnownSources;
import io.kdas.runtime.data.source.DataSource;
import io.kdas.runtime.spec.SpecDefaults;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kdas data}: getting the benchmark data sets. */
@Command(name = "data", mixinStandardHelpOptions = true,
    description = "Get the data sets of the KDAS benchmarks.",
    subcommands = {DataCommand.Fetch.class})
final class DataCommand {

  /** The names {@code kdas data fetch} accepts, for completion and help. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return KnownSources.names().iterator();
    }
  }

  /** The checksum options: at most one. */
  static final class ChecksumOption {
    @Option(names = "--sha256", paramLabel = "HEX",
        description = "expected SHA-256 of the archive (instead of the known checksum)")
    String sha256;

    @Option(names = "--md5", paramLabel = "HEX",
        description = "expected MD5 of the archive (instead of the known checksum)")
    String md5;
  }

  /**
   * {@code kdas data fetch NAME --dir DIR}: download, verify and unpack an official archive.
   */
  @Command(name = "fetch", mixinStandardHelpOptions = true,
      description = {
          "Download the official archive of NAME (cifar10, cifar100 or tinyimagenet) into DIR, "
              + "verify "
              + "its checksum and unpack it there; print the run spec lines that use it.",
          "An interrupted download is resumed from DIR/<archive>.part; data already fetched "
              + "and verified is not fetched again (no network access); an archive placed in "
              + "DIR by hand is verified and used."})
  static final class Fetch implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", completionCandidates = Names.class,
        description = "data set: ${COMPLETION-CANDIDATES}")
    String name;

    @Option(names = "--dir", paramLabel = "DIR", required = true,
        description = "folder to download and unpack into (created if needed)")
    Path dir;

    @Option(names = "--url", paramLabel = "URL",
        description = "download from URL instead of the official source (a mirror)")
    String url;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    ChecksumOption checksum;

    @Option(names = "--check",
        description = "load the unpacked data once with its loader to check it (TinyImageNet "
            + "takes a while); decoded images are cached as kdas run caches them")
    boolean check;

    @Option(names = "--cache-dir", paramLabel = "DIR",
        description = "with --check: where decoded images are cached (default: "
            + ".kdas-cache/<data set>, where kdas run looks by default)")
    Path cacheDir;

    @Option(names = "--retries", paramLabel = "N",
        description = "resume a broken-off transfer up to N times (default ${DEFAULT-VALUE})")
    int retries = Downloader.Settings.defaults().retries();

    @Option(names = "--timeout", paramLabel = "SECONDS",
        description = "give up on a connection without data after SECONDS "
            + "(default ${DEFAULT-VALUE})")
    double timeoutSeconds = Downloader.Settings.defaults().readTimeout().toSeconds();

    @Option(names = "--debug", description = "print stack traces of unexpected failures")
    boolean debug;

    @Override
    public Integer call() {
      DatasetSource source = source();
      if (retries < 0) {
        throw new ParameterException(spec.commandLine(),
            "--retries must be at least 0, got " + retries);
      }
      if (!(timeoutSeconds > 0)) {
        throw new ParameterException(spec.commandLine(),
            "--timeout must be positive, got " + timeoutSeconds);
      }
      Downloader.Settings settings = Downloader.Settings.defaults()
          .withRetries(retries)
          .withTimeout(Duration.ofMillis(Math.max(1, Math.round(timeoutSeconds * 1000))));
      DatasetFetcher.Result result = new DatasetFetcher(new Downloader(settings))
          .fetch(source, dir);
      Path data = result.dataPath().toAbsolutePath().normalize();
      if (result.alreadyPresent()) {
        System.out.println(source.name() + ": already in " + dir + " (verified)");
      } else {
        System.out.println(source.name() + ": " + (result.downloaded() ? "downloaded, " : "")
            + "verified (" + source.checksum() + ") and unpacked into " + data);
        System.out.println("the archive " + dir.resolve(source.archiveName())
            + " is kept; it may be deleted, the unpacked data stays marked as verified");
      }
      if (check) {
        check(source, data);
      }
      System.out.println("use it in a run spec with:");
      System.out.println("  " + source.specSnippet(data));
      return 0;
    }

    private DatasetSource source() {
      DatasetSource source;
      try {
        source = KnownSources.of(name);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      if (url != null) {
        try {
          URI uri = new URI(url.strip());
          String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
          if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
            throw new ParameterException(spec.commandLine(),
                "--url " + url + ": expected an http:// or https:// URL");
          }
          source = source.withUrl(uri);
        } catch (URISyntaxException e) {
          throw new ParameterException(spec.commandLine(),
              "--url " + url + " is not a URL: " + e.getMessage());
        }
      }
      if (checksum != null) {
        try {
          source = source.withChecksum(checksum.sha256 != null
              ? Checksum.sha256(checksum.sha256) : Checksum.md5(checksum.md5));
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(),
              (checksum.sha256 != null ? "--sha256: " : "--md5: ") + e.getMessage());
        }
      }
      return source;
    }

    private void check(DatasetSource source, Path data) {
      Path cache = cacheDir != null ? cacheDir : Path.of(".kdas-cache", source.cacheName());
      long start = System.nanoTime();
      DatasetSpec.Builder spec = DatasetSpec.newBuilder();
      switch (source.name()) {
        case "cifar10" -> spec.getCifar10Builder().setPath(data.toString())
            .setCacheDir(cache.toString());
        case "cifar100" -> spec.getCifar100Builder().setPath(data.toString())
            .setCacheDir(cache.toString());
        case "tinyimagenet" -> spec.getTinyImagenetBuilder().setPath(data.toString())
            .setImageSize(64).setCacheDir(cache.toString());
        default -> throw new IllegalStateException("no loader for " + source.name());
      }
      Dataset dataset = DataSource.of(SpecDefaults.fill(spec.build()), 0).load();
      System.out.printf(Locale.ROOT,
          "%s: check passed: %d classes, %d training and %d test images of %dx%d (%.1f s)%n",
          source.name(), dataset.classes(), dataset.train().size(), dataset.test().size(),
          dataset.train().height(), dataset.train().width(),
          (System.nanoTime() - start) / 1e9);
    }
  }
}
