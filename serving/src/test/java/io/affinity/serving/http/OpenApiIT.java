package io.affinity.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.serving.ServingApp;
import io.affinity.serving.config.ServingConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served OpenAPI document describes exactly the routes the server registers. */
class OpenApiIT {
  @TempDir Path store;

  @Test
  void openapi_yaml_lists_exactly_the_registered_routes() throws Exception {
    try (ServingApp app = new ServingApp(io.affinity.serving.testing.TestStores.config(store)).start()) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + app.port() + "/openapi.yaml")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/yaml"));
      Set<String> documented = new TreeSet<>();
      String path = null;
      boolean inPaths = false;
      Matcher m;
      for (String line : r.body().split("\n")) {
        if (!line.startsWith(" ")) {
          inPaths = line.startsWith("paths:");
          continue;
        }
        if (!inPaths) {
          continue;
        }
        if ((m = Pattern.compile("^  (/\\S*):\\s*$").matcher(line)).matches()) {
          path = m.group(1);
        } else if ((m = Pattern.compile("^    (get|post|put|delete|patch):\\s*$").matcher(line)).matches()) {
          documented.add(m.group(1).toUpperCase() + " " + path);
        }
      }
      assertEquals(new TreeSet<>(app.routes()), documented);
      assertEquals(16, documented.size());
    }
  }
}
