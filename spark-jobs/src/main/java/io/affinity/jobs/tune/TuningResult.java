package io.affinity.jobs.tune;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.affinity.jobs.train.AlsParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A tuning run's result file: every trial with its validation metric, and the best parameters,
 * which {@code affinity train --params FILE} reads.
 *
 * @param metric the metric maximised, e.g. {@code ndcg@10}
 * @param protocol how the validation split was carved (from the train side only)
 * @param search {@code grid} or {@code random}, with the budget
 * @param best the best trial's parameters
 * @param bestValue its validation metric
 * @param trials every trial run, in order
 */
public record TuningResult(String metric, Map<String, Object> protocol, Map<String, Object> search,
    AlsParams best, double bestValue, List<Trial> trials) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /**
   * One trial.
   *
   * @param params the parameters tried
   * @param value the validation metric
   * @param seconds fit plus evaluation time
   */
  public record Trial(AlsParams params, double value, double seconds) {}

  /** Writes the result as JSON. */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, JSON.writeValueAsBytes(this));
  }

  /** Reads a result file; errors name the file and what is wrong. */
  public static TuningResult read(Path file) {
    try {
      TuningResult r = JSON.readValue(file.toFile(), TuningResult.class);
      if (r == null || r.best() == null) {
        throw new IllegalArgumentException("tuning result " + file + " has no 'best' parameters");
      }
      return r;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read tuning result " + file + ": " + e.getMessage(), e);
    }
  }
}
