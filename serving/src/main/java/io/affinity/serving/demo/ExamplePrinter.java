package io.affinity.serving.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.serving.ServingApp;
import io.affinity.serving.snapshot.LoadedSnapshot;
import io.affinity.serving.snapshot.LoadedSpace;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Waits until the server is ready, then calls it over HTTP like a user would and prints each
 * {@code curl} command with the real response: a known user's recommendations, an unknown user's,
 * similar items, the snapshot summary and a rejected request.
 */
public final class ExamplePrinter {
  private final ServingApp app;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  /** Prints to {@code out} about {@code app}. */
  public ExamplePrinter(ServingApp app, PrintStream out) {
    this.app = app;
    this.out = out;
  }

  /** Waits up to {@code timeout} for a snapshot, then prints the examples. */
  public void printWhenReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (app.holder().current() == null) {
      if (System.nanoTime() > deadline) {
        out.println("no snapshot became ready within " + timeout + ": " + app.holder().lastFailure());
        return;
      }
      Thread.sleep(100);
    }
    LoadedSnapshot snap = app.holder().current();
    LoadedSpace space = snap.spaces().get(snap.defaultSpace());
    String user = space.users().id(0);
    String item = snap.popularIds()[0];
    String base = "http://localhost:" + app.port();
    out.println();
    out.println("Try it (real responses from snapshot " + snap.id() + "):");
    show(base, "/v1/users/" + enc(user) + "/recommendations?k=5");
    show(base, "/v1/users/someone-new/recommendations?k=3");
    show(base, "/v1/items/" + enc(item) + "/similar?k=5");
    show(base, "/v1/users/" + enc(user) + "/recommendations?k=0");
    show(base, "/health/ready");
    out.println("\nAlso: curl -s " + base + "/v1/snapshot   (manifest summary with evaluation metrics)");
    out.println("Serving until Ctrl-C.");
  }

  private void show(String base, String path) throws InterruptedException {
    out.println();
    out.println("$ curl -s '" + base + path + "'");
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      Object tree = json.readValue(r.body(), Object.class);
      out.println("# HTTP " + r.statusCode() + ", X-Snapshot-Id: "
          + r.headers().firstValue("X-Snapshot-Id").orElse("-"));
      out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
    } catch (IOException e) {
      out.println("# request failed: " + e.getMessage());
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
