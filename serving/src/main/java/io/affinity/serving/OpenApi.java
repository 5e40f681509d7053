package io.affinity.serving;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves {@code openapi.yaml} (a class-path resource, tested against the registered routes). */
final class OpenApi {
  private static final byte[] DOCUMENT = load();

  private OpenApi() {}

  static void serve(Context ctx) {
    ctx.contentType("application/yaml").result(DOCUMENT);
  }

  private static byte[] load() {
    try (InputStream in = OpenApi.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read openapi.yaml", e);
    }
  }
}
