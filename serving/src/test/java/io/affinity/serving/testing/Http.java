package io.affinity.serving.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small real HTTP client for ITs: JSON bodies parsed, headers kept. */
public final class Http {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  /** A client for {@code http://127.0.0.1:port}. */
  public Http(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /**
   * One response.
   *
   * @param status the HTTP status
   * @param body the body parsed as JSON (a text node when it is not JSON)
   * @param raw the raw response
   */
  public record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    /** A response header, or null. */
    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    /** The {@code X-Snapshot-Id} header, or null. */
    public String snapshot() {
      return header("X-Snapshot-Id");
    }

    /** The ids of {@code items[]}. */
    public List<String> ids() {
      List<String> out = new ArrayList<>();
      body.get("items").forEach(n -> out.add(n.get("id").asText()));
      return out;
    }
  }

  /** GET with optional header name/value pairs. */
  public Reply get(String path, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
  }

  /** POST {@code body} (may be empty) with optional header name/value pairs. */
  public Reply post(String path, String body, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body)),
        headers);
  }

  private Reply send(HttpRequest.Builder b, String... headers) {
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = client.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body;
      try {
        body = JSON.readTree(r.body());
      } catch (IOException e) {
        body = JSON.getNodeFactory().textNode(r.body());
      }
      return new Reply(r.statusCode(), body, r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
