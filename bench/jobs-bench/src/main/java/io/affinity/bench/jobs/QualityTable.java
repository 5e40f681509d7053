package io.affinity.bench.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.List;
import java.util.Locale;

/**
 * Prints the quality table of {@code bench/quality}: for each run (label=path/to/metrics.json),
 * every model's metrics at k, then the ratio of ALS to each baseline on NDCG@k.
 * Usage: {@code QualityTable LABEL=FILE ...}
 */
public final class QualityTable {
  private static final List<String> COLUMNS = List.of("ndcg", "precision", "recall", "map", "mrr", "hit_rate",
      "coverage", "gini", "novelty", "pop_percentile", "ild_tags");

  private QualityTable() {}

  /** Prints one Markdown table per run. */
  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String label = arg.substring(0, eq);
      JsonNode doc = json.readTree(new File(arg.substring(eq + 1)));
      int k = doc.get("k").asInt();
      JsonNode protocol = doc.get("protocol");
      System.out.printf(Locale.ROOT, "%n### %s: %s, %d users evaluated, k=%d%n%n", label,
          protocol.get("split").asText(), doc.get("usersEvaluated").asLong(), k);
      StringBuilder head = new StringBuilder("| model |");
      StringBuilder rule = new StringBuilder("|---|");
      for (String c : COLUMNS) {
        head.append(' ').append(c).append('@').append(k).append(" |");
        rule.append("---:|");
      }
      System.out.println(head);
      System.out.println(rule);
      JsonNode models = doc.get("models");
      for (var it = models.fieldNames(); it.hasNext();) {
        String m = it.next();
        StringBuilder row = new StringBuilder("| " + m + " |");
        for (String c : COLUMNS) {
          JsonNode v = models.get(m).get(c + "@" + k);
          row.append(v == null ? " – |" : String.format(Locale.ROOT, " %.4f |", v.asDouble()));
        }
        System.out.println(row);
      }
      double als = models.get("als").get("ndcg@" + k).asDouble();
      for (String base : List.of("popularity", "item_knn")) {
        if (models.has(base)) {
          System.out.printf(Locale.ROOT, "RATIO %s: ALS / %s NDCG@%d = %.2fx%n", label, base, k,
              als / models.get(base).get("ndcg@" + k).asDouble());
        }
      }
      if (models.has("sequence")) {
        System.out.printf(Locale.ROOT, "RATIO %s: sequence / ALS NDCG@%d = %.2fx%n", label, k,
            models.get("sequence").get("ndcg@" + k).asDouble() / als);
      }
      JsonNode p = doc.get("parameters");
      System.out.printf(Locale.ROOT, "ALS parameters: rank %s, regParam %s, alpha %s, maxIter %s%n",
          p.get("rank"), p.get("regParam"), p.get("alpha"), p.get("maxIter"));
    }
  }
}
