package io.affinity.jobs.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a Spark operator application template (the {@code spec.template} of a
 * {@code ScheduledSparkApplication}, or a {@code SparkApplication}'s {@code spec}) as the
 * {@code spark-submit} command line the operator runs: master, deploy mode, main class, every
 * {@code sparkConf} entry, driver/executor resources as their {@code spark.*} settings, the
 * application file and its arguments.
 */
final class SparkSubmitRender {
  private SparkSubmitRender() {}

  static List<String> render(JsonNode spec) {
    List<String> cmd = new ArrayList<>(List.of("spark-submit", "--master", "k8s://https://kubernetes.default.svc",
        "--deploy-mode", spec.path("mode").asText("cluster"), "--class", spec.get("mainClass").asText()));
    Map<String, String> conf = new TreeMap<>();
    spec.path("sparkConf").properties().forEach(e -> conf.put(e.getKey(), e.getValue().asText()));
    conf.put("spark.kubernetes.container.image", spec.get("image").asText());
    JsonNode d = spec.get("driver");
    JsonNode x = spec.get("executor");
    conf.put("spark.driver.cores", d.path("cores").asText());
    conf.put("spark.driver.memory", d.path("memory").asText());
    conf.put("spark.executor.instances", x.path("instances").asText());
    conf.put("spark.executor.cores", x.path("cores").asText());
    conf.put("spark.executor.memory", x.path("memory").asText());
    if (x.has("gpu")) {
      conf.put("spark.executor.resource.gpu.amount", x.get("gpu").path("quantity").asText());
    }
    conf.forEach((k, v) -> cmd.addAll(List.of("--conf", k + "=" + v)));
    cmd.add(spec.get("mainApplicationFile").asText());
    spec.path("arguments").forEach(a -> cmd.add(a.asText()));
    return cmd;
  }

  /** The arguments after the application file. */
  static List<String> applicationArgs(List<String> cmd, String applicationFile) {
    return cmd.subList(cmd.indexOf(applicationFile) + 1, cmd.size());
  }
}
