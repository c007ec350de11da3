package io.kdas.runtime.data.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local HTTP server on 127.0.0.1 (a free port) that serves one file for the download tests,
 * honouring {@code Range: bytes=N-} or not, and that can fail on purpose: drop the connection
 * after some bytes, answer with an error status, or stall. It counts the requests of the file and
 * records their Range headers ("" for none).
 */
public final class TestServer implements AutoCloseable {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

  private final HttpServer server;
  private final ExecutorService executor;
  private final String path;
  private volatile byte[] body;
  private volatile boolean honourRange = true;
  private volatile int status;
  private volatile long stallMillis;
  private final AtomicInteger drops = new AtomicInteger();
  private volatile int dropAfter;
  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> ranges = new CopyOnWriteArrayList<>();

  private TestServer(String path, byte[] body) throws IOException {
    this.path = path;
    this.body = body;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "test-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext(path, this::handle);
    server.createContext("/moved", exchange -> {
      exchange.getResponseHeaders().add("Location", path);
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    server.start();
  }

  /** Serves {@code body} at {@code /files/<name>}. */
  public static TestServer serving(String name, byte[] body) throws IOException {
    return new TestServer("/files/" + name, body);
  }

  /** Answers every request with the whole file and status 200, whatever its Range. */
  public TestServer ignoreRange() {
    honourRange = false;
    return this;
  }

  /** The next {@code times} requests send only {@code bytes} of their body, then drop. */
  public TestServer dropAfter(int bytes, int times) {
    dropAfter = bytes;
    drops.set(times);
    return this;
  }

  /** Answers every request with {@code code} and no body. */
  public TestServer status(int code) {
    status = code;
    return this;
  }

  /** Waits this long before answering. */
  public TestServer stall(Duration time) {
    stallMillis = time.toMillis();
    return this;
  }

  /** Serves other content from now on. */
  public TestServer body(byte[] content) {
    body = content;
    return this;
  }

  /** The URL of the file. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** A URL that redirects (302) to the file. */
  public URI redirectingUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/moved");
  }

  /** How many requests of the file were made. */
  public int requests() {
    return requests.get();
  }

  /** The Range header of each request of the file, "" where there was none. */
  public List<String> ranges() {
    return List.copyOf(ranges);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    String range = exchange.getRequestHeaders().getFirst("Range");
    ranges.add(range == null ? "" : range);
    try (exchange) {
      if (stallMillis > 0) {
        try {
          Thread.sleep(stallMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (status != 0) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      byte[] content = body;
      int start = 0;
      Matcher m = range == null ? null : RANGE.matcher(range);
      if (honourRange && m != null && m.matches()) {
        long from = Long.parseLong(m.group(1));
        if (from >= content.length) {
          exchange.getResponseHeaders().add("Content-Range", "bytes */" + content.length);
          exchange.sendResponseHeaders(416, -1);
          return;
        }
        start = (int) from;
        exchange.getResponseHeaders().add("Content-Range",
            "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
        exchange.sendResponseHeaders(206, content.length - start);
      } else {
        exchange.sendResponseHeaders(200, content.length);
      }
      OutputStream out = exchange.getResponseBody();
      if (drops.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        out.write(content, start, Math.min(dropAfter, content.length - start));
        out.flush();
        // Throwing makes the server close the connection with the body unfinished.
        throw new IOException("dropping the connection on purpose");
      }
      out.write(content, start, content.length - start);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
