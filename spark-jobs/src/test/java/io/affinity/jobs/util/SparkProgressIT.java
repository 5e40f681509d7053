package io.affinity.jobs.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.testing.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.api.java.function.ForeachFunction;
import org.junit.jupiter.api.Test;

/**
 * A Spark job that runs longer than the interval gets progress lines with tasks, records and an
 * ETA; an ALS fit (many short jobs) gets its iteration and an ETA; a stage of other short jobs,
 * none longer than the interval, still gets a line per interval.
 */
class SparkProgressIT {
  /** What runs under a reporter: it may use the reporter and its progress. */
  private interface Body {
    void run(SparkProgress reporter, Progress progress) throws Exception;
  }

  /**
   * What a reporter printing every second printed while {@code body} ran, in stage {@code stage}
   * and under job description {@code description} when they are not null.
   */
  private static String printed(String stage, String description, Body body) throws Exception {
    var spark = LocalSpark.get();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Progress progress = new Progress(new PrintStream(out, true, StandardCharsets.UTF_8), 1);
    if (stage != null) {
      progress.stage(stage);
    }
    String outer = spark.sparkContext().getLocalProperty("spark.job.description");
    try (SparkProgress reporter = new SparkProgress(spark.sparkContext(), progress, 1)) {
      if (description != null) {
        spark.sparkContext().setJobDescription(description);
      }
      body.run(reporter, progress);
    } finally {
      spark.sparkContext().setJobDescription(outer);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void a_long_job_reports_its_tasks_and_an_eta() throws Exception {
    var spark = LocalSpark.get();
    String text = printed(null, "slow test job",
        (reporter, progress) -> spark.range(0, 6, 1, 6).foreach((ForeachFunction<Long>) x -> Thread.sleep(900)));
    assertTrue(text.matches("(?s).*Spark job \\d+ \\(slow test job\\): \\d/6 tasks \\(\\d+%\\), .* records read, "
        + "\\d+s elapsed, ETA .*"), text);
  }

  /** A job without a description of its own is named by the stage it runs in, not by a Spark call site. */
  @Test
  void a_job_without_a_description_is_named_by_its_stage() throws Exception {
    var spark = LocalSpark.get();
    String text = printed("count the widgets", null,
        (reporter, progress) -> spark.range(0, 2, 1, 2).foreach((ForeachFunction<Long>) x -> Thread.sleep(2500)));
    assertTrue(text.matches("(?s).*Spark job \\d+ \\(count the widgets\\): \\d/2 tasks.*"), text);
  }

  /**
   * Work counted inside tasks (users ranked, graph nodes inserted) shows while the tasks still
   * run: executors send running tasks' accumulator values with each heartbeat (every 10 s), and
   * both tasks here run 13 s, so some line must show part of the work with no task finished yet.
   */
  @Test
  void work_counted_inside_running_tasks_is_shown_before_any_task_ends() throws Exception {
    var spark = LocalSpark.get();
    String text = printed(null, "counting test job", (reporter, progress) -> {
      try (SparkProgress.Work work = SparkProgress.work(spark.sparkContext(), "test units", 104)) {
        WorkCounter units = work.counter();
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(java.util.List.of(0, 1), 2).foreach(x -> {
              for (int step = 0; step < 52; step++) {
                Thread.sleep(250);
                units.add(1L);
              }
            });
        assertEquals(104L, units.value(), "the driver's value is the tasks' sum");
      }
    });
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "Spark job \\d+ \\(counting test job\\): 0/2 tasks \\(0%\\), (\\d+) of 104 test units, \\d+s elapsed, ETA (\\w+)")
        .matcher(text);
    boolean midway = false;
    while (m.find()) {
      int n = Integer.parseInt(m.group(1));
      midway |= n > 0 && n < 104;
    }
    assertTrue(midway, "a line with part of the work done and no task ended: " + text);
    assertTrue(spark.sparkContext().getLocalProperty(SparkProgress.WORK_PROPERTY) == null, "the tag is removed");
  }

  /**
   * A job reading a shuffle (a Spark SQL stage after an exchange) shows the records its running
   * tasks have read, from their heartbeats, against the records the map side wrote, with an ETA
   * from them: each reduce task here reads 100 rows in 13 s, so some line must show part of the
   * 200 rows read with no task ended.
   */
  @Test
  void records_read_inside_running_tasks_are_shown_against_what_the_shuffle_wrote() throws Exception {
    var spark = LocalSpark.get();
    String text = printed(null, "shuffle reading test job", (reporter, progress) -> spark.range(0, 200, 1, 2)
        .repartition(2, org.apache.spark.sql.functions.col("id")).foreach((ForeachFunction<Long>) x -> Thread.sleep(130)));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "Spark job \\d+ \\(shuffle reading test job\\): 0/\\d tasks \\(0%\\), (\\d+) of 200 records read, \\d+s elapsed,"
        + " ETA (\\w+)").matcher(text);
    boolean midway = false;
    while (m.find()) {
      int n = Integer.parseInt(m.group(1));
      midway |= n > 0 && n < 200 && !m.group(2).equals("unknown");
    }
    assertTrue(midway, "a line with part of the records read, an ETA and no task ended: " + text);
  }

  /**
   * A job over a cached dataset lists the shuffle that first computed it as its stage's parent but
   * reads the cache, where no records are counted: it gets no total to be measured against (the
   * 5M cluster run printed "296 of 3,624,168 records read, ETA 3729m46s" for such a job).
   */
  @Test
  void a_job_over_cached_data_gets_no_records_total() throws Exception {
    var spark = LocalSpark.get();
    var cached = spark.range(0, 200, 1, 2).repartition(2, org.apache.spark.sql.functions.col("id")).cache();
    String text;
    try {
      text = printed(null, null, (reporter, progress) -> {
        cached.count(); // the listener sees the shuffle written
        SparkProgress.described(spark.sparkContext(), "cached reading test job", () -> {
          cached.foreach((ForeachFunction<Long>) x -> Thread.sleep(25));
          return null;
        });
      });
    } finally {
      cached.unpersist();
    }
    assertTrue(text.matches("(?s).*Spark job \\d+ \\(cached reading test job\\): \\d/\\d tasks \\(\\d+%\\), "
        + "[\\d,]+ records read, .*"), text);
    assertTrue(!text.contains(" of 200 records read"), text);
  }

  /**
   * MLlib's implicit ALS computes each half-iteration's factors in a job of their own (twelve
   * iterations, so one checkpoint job at the tenth): counted, and shown with an ETA.
   */
  @Test
  void an_als_fit_reports_its_iteration_and_an_eta() throws Exception {
    var spark = LocalSpark.get();
    java.util.List<org.apache.spark.sql.Row> rows = new java.util.ArrayList<>();
    java.util.Random random = new java.util.Random(7);
    for (int u = 0; u < 3000; u++) {
      for (int n = 0; n < 20; n++) {
        rows.add(org.apache.spark.sql.RowFactory.create(u, random.nextInt(2000), 1f + random.nextInt(4)));
      }
    }
    var schema = new org.apache.spark.sql.types.StructType()
        .add("u", "int").add("i", "int").add("confidence", "float");
    var data = spark.createDataFrame(rows, schema).cache();
    data.count();
    String text;
    try {
      text = printed("fit ALS", null, (reporter, progress) -> {
        io.affinity.jobs.train.Als.fit(new io.affinity.jobs.train.AlsParams(32, 0.1, 0.3, 12, 42), spark, data).release();
        AlsFit fit = reporter.lastAlsFit();
        assertEquals(23, fit.halfIterationsDone(), "the last half-iteration runs in the closing count");
        assertTrue(fit.iterationsDone());
      });
    } finally {
      data.unpersist();
    }
    assertTrue(text.matches("(?s).*ALS fit: iteration \\d+ of 12 .*elapsed, ETA .*"), text);
    assertNull(spark.sparkContext().getLocalProperty(SparkProgress.ALS_FIT_PROPERTY), "the tag is removed");
  }

  /** A fit that fails is not reported as running by the stage after it. */
  @Test
  void a_failed_als_fit_is_not_shown_afterwards() throws Exception {
    var spark = LocalSpark.get();
    // Rows whose confidence fails in the tasks: the fit's first job fails.
    var bad = spark.range(0, 10).selectExpr("cast(id as int) as u", "cast(id as int) as i",
        "cast(if(id >= 0, raise_error('bad confidence'), 1) as float) as confidence");
    String after = printed(null, null, (reporter, progress) -> {
      org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () ->
          io.affinity.jobs.train.Als.fit(new io.affinity.jobs.train.AlsParams(4, 0.1, 0.3, 5, 42), spark, bad));
      assertNotNull(reporter.lastAlsFit());
      progress.stage("after the failed fit");
      for (int i = 0; i < 12; i++) {
        spark.range(0, 2, 1, 2).foreach((ForeachFunction<Long>) x -> Thread.sleep(300));
      }
    });
    after = after.substring(after.indexOf("after the failed fit"));
    assertTrue(after.contains("still working"), after);
    org.junit.jupiter.api.Assertions.assertFalse(after.contains("ALS fit"), after);
  }

  @Test
  void a_stage_of_short_jobs_is_not_silent() throws Exception {
    var spark = LocalSpark.get();
    String text = printed("many short jobs", null, (reporter, progress) -> {
      for (int i = 0; i < 12; i++) {
        spark.range(0, 2, 1, 2).foreach((ForeachFunction<Long>) x -> Thread.sleep(300));
      }
    });
    assertTrue(text.matches("(?s).*still working: [1-9]\\d* Spark jobs \\([1-9]\\d* tasks\\) finished in the last \\d+s, "
        + "(0 running|1 running; Spark job \\d+ \\(.*\\): \\d/2 tasks \\(\\d+%\\), .*ETA .*).*"), text);
  }
}
