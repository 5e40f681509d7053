package io.affinity.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.serving.ServingApp;
import io.affinity.serving.config.EventsConfig;
import io.affinity.serving.testing.TestStores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing of every route the server registers (read from {@link ServingApp#routes()},
 * so a new route is fuzzed without editing this test): random methods, path parameters (empty,
 * {@code ../}, NUL, invalid UTF-8, 10 kB ids, unicode), query parameters, headers (right, wrong and
 * malformed tokens, odd content types) and bodies (empty, 2 MB, invalid UTF-8, 10,000-deep JSON,
 * NDJSON junk, almost-valid events). Every response must come within 10 s, never be a 5xx, and
 * every rejection must be a JSON object with an {@code error} field.
 */
class FuzzIT {
  private static final String TOKEN = "fuzz-admin-token-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicLong REQUESTS = new AtomicLong();
  private static final AtomicLong REJECTED = new AtomicLong();
  private static ServingApp app;
  private static HttpClient client;
  private static Path dir;
  private static volatile String previous = "none";

  @BeforeContainer
  static void start() throws Exception {
    dir = Files.createTempDirectory("affinity-fuzz");
    TestStores.publishFixture(dir.resolve("store"));
    app = new ServingApp(TestStores.config(dir.resolve("store")).withSecrets(TOKEN, null)
        .withEvents(new EventsConfig(dir.resolve("events"), dir.resolve("rolled"), Duration.ofHours(1)))).start();
    TestStores.awaitServing(app, app.holder().current() != null ? app.holder().current().id()
        : new io.affinity.store.read.SnapshotStore(dir.resolve("store")).current().orElseThrow());
    client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterContainer
  static void stop() {
    if (app == null) {
      return;
    }
    app.close();
    io.affinity.store.StoreFiles.deleteTree(dir);
    System.out.printf("fuzz: %d requests, %d rejected with a JSON 4xx, 0 server errors%n", REQUESTS.get(),
        REJECTED.get());
  }

  /** One generated request. */
  record Fuzz(String method, String path, String query, List<String> headers, byte[] body) {
    @Override
    public String toString() {
      return method + " " + path + query + " headers=" + headers + " body=" + body.length + " bytes: "
          + new String(body, 0, Math.min(body.length, 120), StandardCharsets.ISO_8859_1);
    }
  }

  @Property(seed = "20261128")
  void no_request_gets_a_5xx_a_hang_or_a_non_json_rejection(@ForAll("requests") Fuzz f) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + f.path() + f.query()))
        .timeout(Duration.ofSeconds(10))
        .method(f.method(), f.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(f.body()));
    for (int i = 0; i + 1 < f.headers().size(); i += 2) {
      b.header(f.headers().get(i), f.headers().get(i + 1));
    }
    int status;
    String type;
    String text;
    if (f.body().length > OVER_LIMIT) {
      // The server answers an over-limit body from its Content-Length and closes the connection; a
      // client still uploading 2 MB cannot read that answer, so send the headers and read it.
      String[] raw = rawHeadersOnly(f);
      status = Integer.parseInt(raw[0]);
      type = raw[1];
      text = raw[2];
    } else {
      HttpResponse<String> r;
      try {
        r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      } catch (java.io.IOException e) {
        throw new AssertionError("no response (" + e.getMessage() + ") for " + f + "; previous request: " + previous, e);
      }
      status = r.statusCode();
      type = r.headers().firstValue("Content-Type").orElse("");
      text = r.body();
    }
    REQUESTS.incrementAndGet();
    previous = f + " -> " + status;
    if (status >= 500) {
      throw new AssertionError(status + " for " + f + ": " + text);
    }
    if (status >= 400) {
      REJECTED.incrementAndGet();
      if (!type.startsWith("application/json")) {
        throw new AssertionError(status + " with Content-Type '" + type + "' for " + f + ": " + text);
      }
      JsonNode body = JSON.readTree(text);
      if (body == null || !body.isObject() || !body.path("error").isTextual()) {
        throw new AssertionError(status + " without an error field for " + f + ": " + text);
      }
    }
  }

  private static final int OVER_LIMIT = 1 << 20; // the default --max-body-bytes

  /** Sends the request line and headers with the body's Content-Length; returns status, type, body. */
  private static String[] rawHeadersOnly(Fuzz f) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", app.port())) {
      s.setSoTimeout(10_000);
      StringBuilder req = new StringBuilder(f.method() + " " + f.path() + f.query() + " HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\nConnection: close\r\nContent-Length: " + f.body().length + "\r\n");
      for (int i = 0; i + 1 < f.headers().size(); i += 2) {
        req.append(f.headers().get(i)).append(": ").append(f.headers().get(i + 1)).append("\r\n");
      }
      s.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int end = response.indexOf("\r\n\r\n");
      String head = response.substring(0, end);
      String type = "";
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) {
          type = line.substring(13).trim();
        }
      }
      String body = response.substring(end + 4);
      if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
        body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("}") + 1);
      }
      return new String[] {head.split(" ")[1], type, body};
    }
  }

  @Provide
  Arbitrary<Fuzz> requests() {
    List<String> routes = new ArrayList<>(app.routes());
    routes.add("GET /v1/unknown/{x}");
    Arbitrary<String> route = Arbitraries.of(routes);
    Arbitrary<String> method = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Arbitraries.just("")), // the route's own method
        net.jqwik.api.Tuple.of(1, Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH")));
    return Combinators.combine(route, method, ids(), ids(), query(), headers(), body())
        .as((r, m, id1, id2, q, h, body) -> {
          String[] parts = r.split(" ", 2);
          String path = parts[1].replaceFirst("\\{[^}]+}", id1).replaceFirst("\\{[^}]+}", id2);
          String chosen = m.isEmpty() ? parts[0] : m;
          return new Fuzz(chosen, path, q, h, chosen.equals("GET") || chosen.equals("DELETE") ? new byte[0] : body);
        });
  }

  /** Path segments: ordinary, empty-ish, traversal, NUL, invalid UTF-8, unicode, 10 kB. */
  private static Arbitrary<String> ids() {
    return Arbitraries.oneOf(
        Arbitraries.of("alice", "bob", "a", "b", "c", "d", "unknown-user"),
        Arbitraries.of("..", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%00", "a%00b", "%C3%28", "%FF%FE", "%E2%82",
            "%20", "%2F", "%25", "snapshots%2F..%2F_CURRENT", "20261128T062404123Z-0a1b2c", "CON", "nul"),
        Arbitraries.strings().ofMinLength(1).ofMaxLength(40).map(FuzzIT::encode),
        Arbitraries.strings().withCharRange('a', 'z').ofLength(10_240));
  }

  private static Arbitrary<String> query() {
    Arbitrary<String> name = Arbitraries.of("k", "space", "tags", "exclude", "keep", "filter", "limit", "x", "");
    Arbitrary<String> value = Arbitraries.oneOf(
        Arbitraries.of("10", "0", "-1", "1000001", "2147483648", "1e9", "NaN", "", "als", "sequence", "nope",
            "%00", "%C3%28", "a,b,,c", "../x"),
        Arbitraries.strings().ofMaxLength(30).map(FuzzIT::encode));
    Arbitrary<String> pair = Combinators.combine(name, value).as((n, v) -> n + "=" + v);
    return pair.list().ofMaxSize(5).map(l -> l.isEmpty() ? "" : "?" + String.join("&", l));
  }

  private static Arbitrary<List<String>> headers() {
    Arbitrary<List<String>> auth = Arbitraries.of(
        List.of(), List.of("Authorization", "Bearer " + TOKEN), List.of("Authorization", "Bearer wrong"),
        List.of("Authorization", "Basic Zm9vOmJhcg=="), List.of("Authorization", "Bearer"),
        List.of("X-Api-Key", "x".repeat(5000)));
    Arbitrary<List<String>> type = Arbitraries.of(
        List.of(), List.of("Content-Type", "application/json"), List.of("Content-Type", "application/x-ndjson"),
        List.of("Content-Type", "text/plain; charset=utf-16"), List.of("Content-Type", "multipart/form-data"),
        List.of("Idempotency-Key", "k".repeat(300)), List.of("Origin", "https://evil.example"));
    return Combinators.combine(auth, type).as((a, t) -> {
      List<String> all = new ArrayList<>(a);
      all.addAll(t);
      return all;
    });
  }

  private static Arbitrary<byte[]> body() {
    return Arbitraries.oneOf(
        Arbitraries.just(new byte[0]),
        Arbitraries.of("{}", "[]", "null", "\"x\"", "{\"items\":[]}", "{\"user\":\"alice\",\"item\":\"a\"}",
            "{\"user\":\"alice\",\"item\":\"a\",\"type\":\"click\",\"ts\":\"2026-11-28T00:00:00Z\"}",
            "{\"user\":\"\",\"item\":null,\"type\":7,\"ts\":-1e300}", "{\"user\":\"../../x\",\"item\":\"\\u0000\"}",
            "{\"items\":[\"a\",\"b\"],\"k\":-5}", "{\"items\":\"a\"}", "{\"a\":1}\n{\"b\":\n", "{", "]")
            .map(s -> s.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.strings().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300), // mostly invalid UTF-8
        Arbitraries.integers().between(100, 10_000).map(d -> ("[".repeat(d) + "]".repeat(d)).getBytes(StandardCharsets.UTF_8)),
        Arbitraries.just(new byte[2 << 20]).map(b -> {
          java.util.Arrays.fill(b, (byte) 'a');
          return b;
        }));
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
