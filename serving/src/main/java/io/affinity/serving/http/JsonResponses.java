package io.affinity.serving.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.affinity.serving.recommend.Recommendations;
import io.affinity.serving.similar.SimilarItems;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes the two hot responses (recommendations, similar items) as JSON straight to the response
 * stream with a streaming generator: no intermediate String or tree, no reflection, scores as
 * floats. The field names and order are those of the records, so clients see the same JSON as
 * Jackson's record serialisation gives (absent fields omitted).
 */
public final class JsonResponses {
  /**
   * Neither closes nor flushes the response stream: Javalin and Jetty finish the response, and an
   * unflushed response that fits Jetty's buffer goes out with a Content-Length in one write.
   */
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
      .disable(com.fasterxml.jackson.core.StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
      .build();

  private JsonResponses() {}

  /** Writes {@code r} as the response body of {@code ctx}. */
  public static void write(Context ctx, Recommendations r) {
    ctx.contentType("application/json");
    try (JsonGenerator g = FACTORY.createGenerator((OutputStream) ctx.outputStream())) {
      g.writeStartObject();
      field(g, "snapshot", r.snapshot());
      field(g, "user", r.user());
      field(g, "space", r.space());
      field(g, "source", r.source());
      field(g, "search", r.search());
      items(g, r.items());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the response", e);
    }
  }

  /** Writes {@code r} as the response body of {@code ctx}. */
  public static void write(Context ctx, SimilarItems r) {
    ctx.contentType("application/json");
    try (JsonGenerator g = FACTORY.createGenerator((OutputStream) ctx.outputStream())) {
      g.writeStartObject();
      field(g, "snapshot", r.snapshot());
      field(g, "item", r.item());
      field(g, "space", r.space());
      field(g, "search", r.search());
      items(g, r.items());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the response", e);
    }
  }

  private static void field(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  private static void items(JsonGenerator g, List<ScoredItem> items) throws IOException {
    g.writeArrayFieldStart("items");
    for (ScoredItem it : items) {
      g.writeStartObject();
      g.writeStringField("id", it.id());
      g.writeFieldName("score");
      g.writeNumber(it.score());
      field(g, "title", it.title());
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}
