package io.affinity.jobs.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.affinity.jobs.cli.AffinityJobs;
import io.affinity.jobs.generate.GeneratorConfig;
import io.affinity.jobs.generate.SyntheticGenerator;
import io.affinity.store.read.SnapshotStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests cannot be applied here, so they are held to the code: every document
 * parses and is complete, probes hit routes the server has, the server's flags exist, secrets come
 * from Secrets, and the nightly ScheduledSparkApplication is rendered to its spark-submit command
 * line whose application arguments then run on local[2] Spark over generated data.
 */
class InfraManifestsIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final YAMLMapper YAML = new YAMLMapper();
  @TempDir Path tmp;

  private static List<JsonNode> documents() throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    try (Stream<Path> s = Files.list(ROOT.resolve("infra/k8s"))) {
      for (Path f : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        try (var it = YAML.readValues(YAML.getFactory().createParser(f.toFile()), JsonNode.class)) {
          while (it.hasNext()) {
            docs.add(it.next());
          }
        }
      }
    }
    return docs;
  }

  private static Set<String> servingFlags() throws Exception {
    Set<String> flags = new TreeSet<>();
    Matcher m = Pattern.compile("names = \"(--[a-z-]+)\"").matcher(
        Files.readString(ROOT.resolve("serving/src/main/java/io/affinity/serving/ServeMain.java")));
    while (m.find()) {
      flags.add(m.group(1));
    }
    return flags;
  }

  @Test
  void every_manifest_is_complete_and_points_at_what_the_code_has() throws Exception {
    List<JsonNode> docs = documents();
    Set<String> kinds = new TreeSet<>();
    JsonNode routes = YAML.readTree(ROOT.resolve("serving/src/main/resources/openapi.yaml").toFile()).get("paths");
    Set<String> flags = servingFlags();
    for (JsonNode d : docs) {
      String where = d.path("kind").asText() + "/" + d.path("metadata").path("name").asText();
      assertTrue(d.hasNonNull("apiVersion") && d.hasNonNull("kind") && d.path("metadata").hasNonNull("name")
          && d.path("metadata").hasNonNull("namespace"), "incomplete document " + d);
      kinds.add(d.get("kind").asText());
      for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
          JsonNode get = c.path(probe).path("httpGet");
          if (!get.isMissingNode()) {
            assertTrue(routes.has(get.get("path").asText()), where + " " + probe + " " + get.get("path"));
          }
        }
        if (c.path("image").asText().startsWith("affinity/serving")) {
          for (JsonNode a : c.path("args")) {
            assertTrue(!a.asText().startsWith("--") || flags.contains(a.asText()), where + ": no serve flag " + a);
          }
          for (JsonNode e : c.path("env")) {
            if (e.get("name").asText().startsWith("AFFINITY_") && e.get("name").asText().matches(".*(TOKEN|KEY)")) {
              assertTrue(e.path("valueFrom").has("secretKeyRef"), where + ": " + e.get("name") + " from a Secret");
            }
          }
        }
      }
    }
    assertTrue(kinds.containsAll(List.of("ScheduledSparkApplication", "Deployment", "Service",
        "HorizontalPodAutoscaler", "PodDisruptionBudget")), kinds.toString());
  }

  private static java.util.Set<String> schemaErrors(JsonNode doc) throws Exception {
    var factory = com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V7);
    JsonNode schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        ROOT.resolve("infra/schemas/scheduledsparkapplication-v1beta2.schema.json").toFile());
    Set<String> out = new TreeSet<>();
    factory.getSchema(schema).validate(doc).forEach(m -> out.add(m.getMessage()));
    return out;
  }

  @Test
  void the_spark_operator_resource_validates_against_the_v1beta2_schema_and_mistakes_do_not() throws Exception {
    JsonNode app = documents().stream().filter(d -> d.get("kind").asText().equals("ScheduledSparkApplication"))
        .findFirst().orElseThrow();
    assertEquals(Set.of(), schemaErrors(app));
    // The validator is not a rubber stamp: typical mistakes are each named.
    var bad = (com.fasterxml.jackson.databind.node.ObjectNode) app.deepCopy();
    var tmpl = (com.fasterxml.jackson.databind.node.ObjectNode) bad.get("spec").get("template");
    ((com.fasterxml.jackson.databind.node.ObjectNode) bad.get("spec")).put("concurrencyPolicy", "Sometimes");
    ((com.fasterxml.jackson.databind.node.ObjectNode) tmpl.get("executor")).put("cores", "four");
    tmpl.set("executer", tmpl.get("executor"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) tmpl.get("restartPolicy")).put("type", "Sometimes");
    tmpl.remove("sparkVersion");
    String errors = String.join("\n", schemaErrors(bad));
    for (String expected : List.of("concurrencyPolicy", "executor.cores", "executer", "restartPolicy.type",
        "sparkVersion")) {
      assertTrue(errors.contains(expected), "no error naming " + expected + " in:\n" + errors);
    }
  }

  @Test
  void the_nightly_train_renders_to_a_spark_submit_whose_arguments_run_on_local_spark() throws Exception {
    JsonNode app = documents().stream().filter(d -> d.get("kind").asText().equals("ScheduledSparkApplication"))
        .findFirst().orElseThrow();
    JsonNode spec = app.get("spec").get("template");
    assertEquals(AffinityJobs.class.getName(), spec.get("mainClass").asText());
    assertTrue(app.get("spec").get("schedule").asText().matches("[0-9*/,-]+( [0-9*/,-]+){4}"));
    List<String> cmd = SparkSubmitRender.render(spec);
    System.out.println("rendered: " + String.join(" ", cmd));
    assertTrue(cmd.contains("spark.executor.resource.gpu.amount=1"), cmd.toString());
    assertTrue(cmd.contains("spark.executor.resource.gpu.discoveryScript=/opt/affinity/gpu-discovery.sh"));

    // Local run: the same arguments, with local paths for the object-store ones, the generated data's
    // end as --until (the window is relative to it), and CI-sized step budgets.
    Path data = tmp.resolve("logs");
    new SyntheticGenerator(GeneratorConfig.of(200, 400, 5_000, 11)).write(data);
    Path store = tmp.resolve("store");
    List<String> args = new ArrayList<>();
    for (String a : SparkSubmitRender.applicationArgs(cmd, spec.get("mainApplicationFile").asText())) {
      args.add(a.replace("s3a://affinity-logs", data.toString()).replace("s3a://affinity-store/store", store.toString()));
    }
    assertFalse(args.stream().anyMatch(a -> a.startsWith("s3a://")), args.toString());
    args.addAll(List.of("--master", "local[2]", "--until", "2026-04-01", "--seq-steps", "30", "--seq-eval-every", "10",
        "--content-steps", "30", "--no-evaluate", "--no-ann"));
    System.out.println("local run: " + String.join(" ", args));
    assertEquals(0, AffinityJobs.commandLine().execute(args.toArray(String[]::new)));
    var manifest = new SnapshotStore(store).openCurrent().orElseThrow().manifest();
    assertEquals(List.of("als", "sequence", "content"), manifest.spaces().stream().map(s -> s.name()).toList());
    assertTrue(manifest.parameters().containsKey("window"), manifest.parameters().toString());
  }
}
