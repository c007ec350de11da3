package io.kdas.runtime.data.fetch;

import io.kdas.runtime.data.DataException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a URL into a {@code .part} file over HTTP(S), resuming what is already there.
 *
 * <p>If the part file has bytes, the request asks for the rest ({@code Range: bytes=N-}). A 206
 * answer is appended at the offset that its {@code Content-Range} names; a 200 answer (the server
 * ignores ranges) rewrites the file from the start; a 416 answer means that the part is already
 * whole (its size is the total the server names) or is not a prefix of the file, and then the
 * download starts over. Redirects are followed (also from http to https). A transfer that breaks
 * off (connection closed early, no data for the read timeout, a 5xx answer) is retried from where
 * it stopped, a few times with a growing pause; a refused connection, an unknown host and other
 * HTTP errors are not. What was received is always kept in the part file, so that the next run
 * resumes.
 *
 * <p>Built on {@link HttpClient} (HTTP/1.1, redirects followed here so that each hop is logged
 * and checked). The client has no timeout for a body that stops arriving, so a watchdog closes a
 * body stream that brought nothing for the read timeout.
 *
 * <p>Every failure is a {@link DataException} with one line that names the URL and the HTTP
 * status or the cause. Progress is logged every few seconds (see {@link Progress}).
 */
public final class Downloader {

  private static final Logger log = LoggerFactory.getLogger(Downloader.class);

  private static final int MAX_REDIRECTS = 10;
  private static final int BUFFER = 1 << 16;
  private static final Pattern CONTENT_RANGE =
      Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)", Pattern.CASE_INSENSITIVE);
  private static final Pattern UNSATISFIED_RANGE =
      Pattern.compile("bytes\\s+\\*/(\\d+)", Pattern.CASE_INSENSITIVE);

  /**
   * How downloads behave.
   *
   * @param connectTimeout the longest wait for a connection
   * @param readTimeout the longest wait for data on an open connection
   * @param retries how many times a broken-off transfer is resumed within one download
   * @param retryDelay the pause before the first retry; it doubles for each further one
   * @param progressInterval the time between two progress log lines
   * @param deadline the longest a whole download may take, retries included (what was received
   *     is kept for the next run to resume)
   */
  public record Settings(Duration connectTimeout, Duration readTimeout, int retries,
      Duration retryDelay, Duration progressInterval, Duration deadline) {

    /**
     * 30 s to connect, 60 s without data, 3 retries after 2 s, 4 s, 8 s, progress every 5 s, at
     * most 6 hours in all.
     */
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(30), Duration.ofSeconds(60), 3,
          Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    /** Settings with the default deadline of 6 hours. */
    public Settings(Duration connectTimeout, Duration readTimeout, int retries,
        Duration retryDelay, Duration progressInterval) {
      this(connectTimeout, readTimeout, retries, retryDelay, progressInterval,
          Duration.ofHours(6));
    }

    /** Validates the values. */
    public Settings {
      if (retries < 0) {
        throw new IllegalArgumentException("retries must be at least 0, got " + retries);
      }
      if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative()
          || readTimeout.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive");
      }
    }

    /** These settings with another connect and read timeout. */
    public Settings withTimeout(Duration timeout) {
      return new Settings(timeout, timeout, retries, retryDelay, progressInterval, deadline);
    }

    /** These settings with another number of retries. */
    public Settings withRetries(int count) {
      return new Settings(connectTimeout, readTimeout, count, retryDelay, progressInterval,
          deadline);
    }

    /** These settings with another pause before the first retry. */
    public Settings withRetryDelay(Duration delay) {
      return new Settings(connectTimeout, readTimeout, retries, delay, progressInterval,
          deadline);
    }

    /** These settings with another limit on the whole download. */
    public Settings withDeadline(Duration limit) {
      return new Settings(connectTimeout, readTimeout, retries, retryDelay, progressInterval,
          limit);
    }
  }

  /** Why an attempt failed, and whether another attempt may succeed. */
  private static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    /** Retry after a pause, counted against the retries. */
    final boolean retryable;
    /** Start over at once (the part file was dropped), not counted. */
    final boolean restart;

    Failure(String message, boolean retryable, boolean restart, Throwable cause) {
      super(message, cause);
      this.retryable = retryable;
      this.restart = restart;
    }
  }

  /** An answer whose status is not a redirect. */
  private record Answer(HttpResponse<InputStream> response, int status, URI uri) {

    /** The value of a header, or null. */
    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    /** The body's length, or -1 if the answer does not say (chunked). */
    long contentLength() {
      return response.headers().firstValueAsLong("Content-Length").orElse(-1);
    }

    /** Drops the body without reading it. */
    void discard() {
      try {
        response.body().close();
      } catch (IOException e) {
        // Nothing of it is needed.
      }
    }
  }

  private final Settings settings;
  private final HttpClient client;

  public Downloader(Settings settings) {
    this.settings = settings;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * Downloads {@code url} into {@code part}, resuming it if it has bytes.
   *
   * @param url an http or https URL
   * @param part the file to write; created if absent
   * @param expectedSize the size of the whole file if known, else -1 (for progress, and to drop a
   *     part file that is already larger)
   * @return the size of the downloaded file
   * @throws DataException naming the URL and the HTTP status or the cause; the part file keeps
   *     what was received
   */
  public long download(URI url, Path part, long expectedSize) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new DataException("cannot download " + url + ": expected an http or https URL");
    }
    int retriesLeft = settings.retries();
    int restarts = 0;
    long delay = Math.max(0, settings.retryDelay().toMillis());
    long cap = maxBytes(expectedSize);
    long giveUpAt = System.nanoTime() + settings.deadline().toNanos();
    while (true) {
      try {
        return attempt(url, part, expectedSize, cap, giveUpAt);
      } catch (Failure f) {
        if (f.restart && restarts < 2) {
          restarts++;
          continue;
        }
        if (!f.retryable || retriesLeft <= 0) {
          throw failed(url, part, f);
        }
        retriesLeft--;
        log.warn("{}; retrying in {} s ({} {} left)", f.getMessage(),
            String.format(Locale.ROOT, "%.1f", delay / 1000.0), retriesLeft,
            retriesLeft == 1 ? "retry" : "retries");
        sleep(delay, url);
        delay *= 2;
      }
    }
  }

  private DataException failed(URI url, Path part, Failure f) {
    long kept = size(part);
    String message = "cannot download " + url + ": " + f.getMessage();
    if (kept > 0) {
      message += "; the " + kept + " bytes received are kept in " + part
          + ", run the command again to resume";
    }
    return new DataException(message, f);
  }

  /**
   * The most bytes a download may bring: the known size of the file plus 1 % (at least 1 MiB)
   * of slack, or 64 GiB where the size is not known. Anything longer is not the file asked for.
   */
  static long maxBytes(long expectedSize) {
    return expectedSize > 0 ? expectedSize + Math.max(1L << 20, expectedSize / 100) : 64L << 30;
  }

  private Failure tooLarge(Path part, long bytes, long cap) {
    delete(part);
    return new Failure("the server sends " + bytes + " bytes, more than the " + cap
        + " expected of this file; the download was deleted", false, false, null);
  }

  private Failure pastDeadline(Path part) {
    return new Failure("it did not finish within " + seconds(settings.deadline())
        + " (the deadline of a whole download)", false, false, null);
  }

  private long attempt(URI url, Path part, long expectedSize, long cap, long giveUpAt)
      throws Failure {
    if (System.nanoTime() - giveUpAt > 0) {
      throw pastDeadline(part);
    }
    long have = size(part);
    if (expectedSize > 0 && have > expectedSize) {
      log.info("{} has {} bytes, more than the {} of the whole file; downloading it again",
          part, have, expectedSize);
      delete(part);
      have = 0;
    }
    Answer answer = connect(url, have);
    try {
      int status = answer.status();
      long length = answer.contentLength();
      long offset;
      long total;
      switch (status) {
        case 206 -> {
          String header = answer.header("Content-Range");
          Matcher m = header == null ? null : CONTENT_RANGE.matcher(header.strip());
          if (m == null || !m.matches()) {
            delete(part);
            throw new Failure("the server answered a Range request with Content-Range '"
                + header + "'; starting over", false, true, null);
          }
          offset = Long.parseLong(m.group(1));
          if (offset > have) {
            delete(part);
            throw new Failure("the server resumed at byte " + offset + " instead of " + have
                + "; starting over", false, true, null);
          }
          total = m.group(3).equals("*") ? (length >= 0 ? offset + length : expectedSize)
              : Long.parseLong(m.group(3));
          log.info("resuming {} at byte {}", answer.uri(), offset);
        }
        case 200 -> {
          if (have > 0) {
            log.info("{} does not resume downloads (it answered a Range request with HTTP 200); "
                + "downloading from the start", answer.uri());
          }
          offset = 0;
          total = length >= 0 ? length : expectedSize;
        }
        case 416 -> {
          String header = answer.header("Content-Range");
          Matcher m = header == null ? null : UNSATISFIED_RANGE.matcher(header.strip());
          if (m != null && m.matches() && Long.parseLong(m.group(1)) == have && have > 0) {
            log.info("{} is already complete ({} bytes)", part, have);
            return have;
          }
          log.info("{} cannot resume {} at byte {} (HTTP 416); downloading from the start",
              answer.uri(), part, have);
          delete(part);
          throw new Failure("HTTP 416 to a Range request", false, true, null);
        }
        default -> throw statusFailure(url, answer);
      }
      if (total > cap) {
        throw tooLarge(part, total, cap);
      }
      return receive(answer, part, offset, length, total, cap, giveUpAt);
    } finally {
      answer.discard();
    }
  }

  /** Copies the body into the part file at {@code offset}. */
  private long receive(Answer answer, Path part, long offset, long length, long total,
      long cap, long giveUpAt) throws Failure {
    Progress progress = new Progress(part.getFileName().toString(), offset, total,
        settings.progressInterval().toNanos(), System::nanoTime);
    byte[] buffer = new byte[BUFFER];
    OutputStream out = openAt(part, offset);
    try {
      InputStream in = answer.response().body();
      try (in; StallWatch watch = new StallWatch(in, settings.readTimeout())) {
        while (true) {
          int n;
          try {
            n = in.read(buffer);
            watch.progressed();
          } catch (IOException e) {
            throw transferFailure(e, progress.received(), length, watch.stalled());
          }
          if (n < 0) {
            break;
          }
          try {
            out.write(buffer, 0, n);
          } catch (IOException e) {
            throw new DataException("cannot write " + part + ": " + e.getMessage(), e);
          }
          progress.add(n);
          if (offset + progress.received() > cap) {
            out.close();
            throw tooLarge(part, offset + progress.received(), cap);
          }
          if (System.nanoTime() - giveUpAt > 0) {
            throw pastDeadline(part);
          }
        }
      } catch (IOException e) {
        // Closing the input stream: nothing depends on it.
      }
    } finally {
      try {
        out.close();
      } catch (IOException e) {
        throw new DataException("cannot write " + part + ": " + e.getMessage(), e);
      }
    }
    if (length >= 0 && progress.received() < length) {
      throw new Failure("the connection closed after " + progress.received() + " of " + length
          + " bytes", true, false, null);
    }
    progress.finish();
    return offset + progress.received();
  }

  private static OutputStream openAt(Path part, long offset) {
    try {
      FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      try {
        channel.truncate(offset);
        channel.position(offset);
      } catch (IOException e) {
        channel.close();
        throw e;
      }
      return new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
    } catch (IOException e) {
      throw new DataException("cannot write " + part + ": " + e.getMessage(), e);
    }
  }

  private Failure transferFailure(IOException e, long received, long length,
      boolean stalled) {
    String where = "after " + received + (length >= 0 ? " of " + length : "") + " bytes";
    if (stalled) {
      return new Failure("no data for " + seconds(settings.readTimeout()) + " " + where,
          true, false, e);
    }
    // The client reports a body cut short (fixed length or chunked) as an IOException.
    return new Failure("the connection closed " + where + " (" + e.getMessage() + ")", true,
        false, e);
  }

  /** Opens the connection, following redirects. */
  private Answer connect(URI url, long have) throws Failure {
    URI uri = url;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new Failure("redirected to " + uri + ", not an http or https URL", false, false,
            null);
      }
      HttpRequest.Builder request;
      try {
        request = HttpRequest.newBuilder(uri).GET().timeout(settings.readTimeout())
            .header("User-Agent", "kdas-data-fetch").header("Accept-Encoding", "identity");
      } catch (IllegalArgumentException e) {
        throw new Failure("cannot open " + uri + ": " + e.getMessage(), false, false, e);
      }
      if (have > 0) {
        request.header("Range", "bytes=" + have + "-");
      }
      HttpResponse<InputStream> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (HttpConnectTimeoutException e) {
        throw new Failure(via(url, uri) + "no connection within "
            + seconds(settings.connectTimeout()), true, false, e);
      } catch (HttpTimeoutException e) {
        throw new Failure(via(url, uri) + "no answer within "
            + seconds(settings.readTimeout()), true, false, e);
      } catch (ConnectException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof java.nio.channels.UnresolvedAddressException
            || cause instanceof UnknownHostException) {
          throw new Failure(via(url, uri) + "unknown host " + uri.getHost()
              + " (no network, or a typo in the URL?)", false, false, e);
        }
        String detail = cause.getMessage();
        throw new Failure(via(url, uri) + "connection refused"
            + (detail == null || detail.equalsIgnoreCase("connection refused") ? ""
                : " (" + detail + ")"), false, false, e);
      } catch (IOException e) {
        throw new Failure(via(url, uri) + e, true, false, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DataException("download of " + url + " interrupted", e);
      }
      int status = response.statusCode();
      if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
        String location = response.headers().firstValue("Location").orElse(null);
        new Answer(response, status, uri).discard();
        if (location == null) {
          throw new Failure(via(url, uri) + "HTTP " + status + " without a Location", false,
              false, null);
        }
        URI next;
        try {
          next = uri.resolve(location.strip());
        } catch (IllegalArgumentException e) {
          throw new Failure(via(url, uri) + "HTTP " + status + " to a bad Location '"
              + location + "'", false, false, e);
        }
        if (downgrades(uri, next)) {
          throw new Failure(via(url, uri) + "HTTP " + status + " to " + next + ": a redirect "
              + "from https to plain http is refused", false, false, null);
        }
        log.info("{} redirects to {}", uri, next);
        uri = next;
        continue;
      }
      return new Answer(response, status, uri);
    }
    throw new Failure("more than " + MAX_REDIRECTS + " redirects", false, false, null);
  }

  /** Whether following {@code from} to {@code to} would drop TLS. */
  static boolean downgrades(URI from, URI to) {
    return "https".equalsIgnoreCase(from.getScheme()) && "http".equalsIgnoreCase(to.getScheme());
  }

  private static Failure statusFailure(URI url, Answer answer) {
    int status = answer.status();
    String reason = REASONS.get(status);
    String message = via(url, answer.uri()) + "HTTP " + status
        + (reason == null || reason.isBlank() ? "" : " " + reason);
    // Server trouble and rate limits may pass; anything else (404, 403, ...) will not.
    boolean retryable = status >= 500 || status == 429 || status == 408;
    return new Failure(message, retryable, false, null);
  }

  /** The standard reason phrases of the statuses a download meets (HTTP/2 sends none). */
  private static final java.util.Map<Integer, String> REASONS = java.util.Map.ofEntries(
      java.util.Map.entry(400, "Bad Request"), java.util.Map.entry(401, "Unauthorized"),
      java.util.Map.entry(403, "Forbidden"), java.util.Map.entry(404, "Not Found"),
      java.util.Map.entry(408, "Request Timeout"), java.util.Map.entry(410, "Gone"),
      java.util.Map.entry(429, "Too Many Requests"),
      java.util.Map.entry(500, "Internal Server Error"), java.util.Map.entry(502, "Bad Gateway"),
      java.util.Map.entry(503, "Service Unavailable"),
      java.util.Map.entry(504, "Gateway Timeout"));

  private static String via(URI url, URI uri) {
    return uri.equals(url) ? "" : "(redirected to " + uri + ") ";
  }

  private static void sleep(long millis, URI url) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataException("download of " + url + " interrupted", e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new DataException("cannot delete " + file + ": " + e.getMessage(), e);
    }
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1e3);
  }
}
