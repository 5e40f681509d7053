package io.affinity.jobs.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.affinity.jobs.eval.EvaluationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a snapshot's {@value #METRICS_FILE} (every number of the evaluation, machine-readable) and
 * {@value #REPORT_FILE}: one self-contained page (no external script, style or font) whose inline
 * script draws SVG charts from the same JSON, so it opens offline in any browser.
 */
public final class MetricsReport {
  /** The metrics file at the snapshot's root. */
  public static final String METRICS_FILE = "metrics.json";
  /** The report page at the snapshot's root. */
  public static final String REPORT_FILE = "report.html";
  private static final String PLACEHOLDER = "/*METRICS_JSON*/";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MetricsReport() {}

  /**
   * What the files hold.
   *
   * @param snapshotId the snapshot
   * @param createdAt its creation instant
   * @param protocol the evaluation protocol
   * @param parameters the producer's parameters
   * @param gate the metric gate's decision
   * @param choice the served space, its reason and any baseline warning (null when not recorded)
   * @param result the evaluation
   */
  public record Content(String snapshotId, String createdAt, Map<String, Object> protocol,
      Map<String, Object> parameters, Map<String, Object> gate, EvaluationResult result, Map<String, Object> choice) {
    /** Without a model choice. */
    public Content(String snapshotId, String createdAt, Map<String, Object> protocol, Map<String, Object> parameters,
        Map<String, Object> gate, EvaluationResult result) {
      this(snapshotId, createdAt, protocol, parameters, gate, result, null);
    }
  }

  /** Writes both files into {@code dir}. */
  public static void write(Path dir, Content c) {
    try {
      byte[] json = JSON.writeValueAsBytes(document(c));
      Files.write(dir.resolve(METRICS_FILE), json);
      Files.writeString(dir.resolve(REPORT_FILE), html(new String(json, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the evaluation report into " + dir, e);
    }
  }

  /** The report page for a metrics document. */
  static String html(String metricsJson) throws IOException {
    String template;
    try (InputStream in = MetricsReport.class.getResourceAsStream(REPORT_FILE)) {
      if (in == null) {
        throw new IOException("report template " + REPORT_FILE + " is missing from the jar");
      }
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // Inside <script>, "</" could close the element early: JSON allows escaping the slash.
    return template.replace(PLACEHOLDER, metricsJson.replace("</", "<\\/"));
  }

  private static Map<String, Object> document(Content c) {
    EvaluationResult r = c.result();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("snapshotId", c.snapshotId());
    d.put("createdAt", c.createdAt());
    d.put("k", r.k());
    d.put("cutoffs", r.cutoffs());
    d.put("usersEvaluated", r.usersEvaluated());
    d.put("models", r.models());
    d.put("segments", r.segments());
    Map<String, Object> dist = new LinkedHashMap<>();
    dist.put("exposureByPopularityDecile", r.exposureByPopularityDecile());
    dist.put("popularityCurve", r.popularityCurve());
    d.put("distributions", dist);
    d.put("protocol", c.protocol());
    d.put("parameters", c.parameters());
    d.put("gate", c.gate());
    if (c.choice() != null) {
      d.put("servedSpace", c.choice());
    }
    return d;
  }
}
