package io.affinity.jobs.util;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.testing.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.api.java.function.ForeachFunction;
import org.junit.jupiter.api.Test;

/**
 * A Spark job that runs longer than the interval gets progress lines with tasks, records and an
 * ETA; a stage of many short jobs, none longer than the interval, still gets a line per interval.
 */
class SparkProgressIT {
  @Test
  void a_long_job_reports_its_tasks_and_an_eta() throws Exception {
    var spark = LocalSpark.get();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Progress progress = new Progress(new PrintStream(out, true, StandardCharsets.UTF_8), 1);
    try (SparkProgress reporter = new SparkProgress(spark.sparkContext(), progress, 1)) {
      spark.sparkContext().setJobDescription("slow test job");
      spark.range(0, 6, 1, 6).foreach((ForeachFunction<Long>) x -> Thread.sleep(900));
      spark.sparkContext().setJobDescription(null);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.matches("(?s).*Spark job \\d+ \\(slow test job\\): \\d/6 tasks \\(\\d+%\\), .* records read, "
        + "\\d+s elapsed, ETA .*"), text);
  }

  @Test
  void a_stage_of_short_jobs_is_not_silent() throws Exception {
    var spark = LocalSpark.get();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Progress progress = new Progress(new PrintStream(out, true, StandardCharsets.UTF_8), 1);
    progress.stage("many short jobs");
    try (SparkProgress reporter = new SparkProgress(spark.sparkContext(), progress, 1)) {
      for (int i = 0; i < 12; i++) {
        spark.range(0, 2, 1, 2).foreach((ForeachFunction<Long>) x -> Thread.sleep(300));
      }
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.matches("(?s).*still working: [1-9]\\d* Spark jobs \\([1-9]\\d* tasks\\) finished in the last \\d+s, "
        + "[01] running.*"), text);
  }
}
