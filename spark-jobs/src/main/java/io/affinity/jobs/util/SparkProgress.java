package io.affinity.jobs.util;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Progress of the running Spark jobs, printed under the current stage at least every
 * {@code interval} while a job runs longer than that: tasks done of those submitted so far, the
 * records the finished tasks read, elapsed time and an ETA (elapsed × remaining / done tasks).
 *
 * <p>An ALS fit is many short jobs, two or more per iteration: its jobs carry the local property
 * {@link #ALS_FIT_PROPERTY} (set by {@code Als.fit}), and while one runs the line says which
 * iteration it is in, with an ETA from the time per half-iteration so far ({@link AlsFit}). A stage
 * made of other short jobs or of driver-side work has no single long job to report; when nothing
 * was printed for {@code interval}, a heartbeat line says how many Spark jobs and tasks finished
 * since the last line and where the oldest running job stands (tasks, ETA), so no stage is silent
 * for longer than the interval. A listener counts; a daemon thread named {@code spark-progress}
 * prints. Thread-safe.
 */
public final class SparkProgress implements AutoCloseable {
  private final Progress progress;
  private final SparkContext sc;
  private final Listener listener = new Listener();
  private final Thread reporter;
  private final long intervalMillis;

  /**
   * The local property that marks an ALS fit's jobs: {@code <fit number>/<iterations>}
   * ({@link #alsFitTag}).
   */
  public static final String ALS_FIT_PROPERTY = "affinity.als.fit";

  private static final java.util.concurrent.atomic.AtomicLong FITS = new java.util.concurrent.atomic.AtomicLong();

  /** A new value for {@link #ALS_FIT_PROPERTY}: a fit number unique in this JVM and its iterations. */
  public static String alsFitTag(int iterations) {
    return FITS.incrementAndGet() + "/" + iterations;
  }

  private static final class Job {
    final int id;
    final long startMillis = System.currentTimeMillis();
    final String description;
    final int factors;
    final AlsFit fit;
    final AtomicLong total = new AtomicLong();
    final AtomicLong done = new AtomicLong();
    final AtomicLong records = new AtomicLong();

    Job(int id, String description, int factors, AlsFit fit) {
      this.id = id;
      this.description = description;
      this.factors = factors;
      this.fit = fit;
    }
  }

  private final class Listener extends SparkListener {
    final Map<Integer, Job> jobs = new ConcurrentHashMap<>();
    final Map<Integer, Job> byStage = new ConcurrentHashMap<>();
    final AtomicLong finishedJobs = new AtomicLong();
    final AtomicLong finishedTasks = new AtomicLong();
    volatile AlsFit lastFit;
    volatile long lastFitJobEnd;

    @Override
    public void onJobStart(SparkListenerJobStart e) {
      String desc = e.properties() == null ? null : e.properties().getProperty("spark.job.description");
      if (desc == null && e.stageInfos().nonEmpty()) {
        desc = e.stageInfos().head().name();
      }
      String tag = e.properties() == null ? null : e.properties().getProperty(ALS_FIT_PROPERTY);
      AlsFit fit = tag == null ? null : fitFor(tag);
      int factors = -1;
      if (fit != null) {
        // The newest ALS factors this job computes or reads (MLlib names them per half-iteration).
        scala.collection.Iterator<org.apache.spark.scheduler.StageInfo> stages = e.stageInfos().iterator();
        while (stages.hasNext()) {
          scala.collection.Iterator<org.apache.spark.storage.RDDInfo> rdds = stages.next().rddInfos().iterator();
          while (rdds.hasNext()) {
            factors = Math.max(factors, AlsFit.halfIterations(rdds.next().name()));
          }
        }
      }
      Job job = new Job(e.jobId(), desc == null ? "job " + e.jobId() : desc, factors, fit);
      jobs.put(e.jobId(), job);
      scala.collection.Iterator<Object> ids = e.stageIds().iterator();
      while (ids.hasNext()) {
        byStage.put((Integer) ids.next(), job);
      }
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted e) {
      Job job = byStage.get(e.stageInfo().stageId());
      if (job != null) {
        job.total.addAndGet(e.stageInfo().numTasks());
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
      finishedTasks.incrementAndGet();
      Job job = byStage.get(e.stageId());
      if (job != null) {
        job.done.incrementAndGet();
        if (e.taskMetrics() != null) {
          job.records.addAndGet(e.taskMetrics().inputMetrics().recordsRead()
              + e.taskMetrics().shuffleReadMetrics().recordsRead());
        }
      }
    }

    private AlsFit fitFor(String tag) {
      AlsFit last = lastFit;
      if (last != null && last.tag.equals(tag)) {
        return last;
      }
      AlsFit fit = AlsFit.parse(tag, System.currentTimeMillis());
      lastFit = fit;
      return fit;
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd e) {
      finishedJobs.incrementAndGet();
      Job job = jobs.remove(e.jobId());
      if (job != null) {
        byStage.values().removeIf(j -> j == job);
        if (job.fit != null) {
          lastFitJobEnd = System.currentTimeMillis();
          if (job.factors >= 0 && e.jobResult() == org.apache.spark.scheduler.JobSucceeded$.MODULE$) {
            job.fit.factorsDone(job.factors, lastFitJobEnd);
          }
        }
      }
    }

    /**
     * The ALS fit with a job running, or still iterating with a job that ended within the
     * interval (between two of its jobs); a fit that stopped early (failed) is not shown again.
     */
    AlsFit activeFit(long now) {
      AlsFit fit = lastFit;
      if (fit == null) {
        return null;
      }
      for (Job job : jobs.values()) {
        if (job.fit == fit) {
          return fit;
        }
      }
      return !fit.iterationsDone() && now - lastFitJobEnd < intervalMillis ? fit : null;
    }
  }

  /** The ALS fit this reporter saw last (its jobs' counts), or null: for tests. */
  AlsFit lastAlsFit() {
    return listener.lastFit;
  }

  /** Starts reporting the jobs of {@code sc} into {@code progress} every {@code intervalSeconds}. */
  public SparkProgress(SparkContext sc, Progress progress, int intervalSeconds) {
    this.sc = sc;
    this.progress = progress;
    this.intervalMillis = intervalSeconds * 1000L;
    sc.addSparkListener(listener);
    reporter = new Thread(this::report, "spark-progress");
    reporter.setDaemon(true);
    reporter.start();
  }

  private void report() {
    long jobsBefore = 0;
    long tasksBefore = 0;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(Math.max(1, intervalMillis - progress.silentMillis()));
        long silent = progress.silentMillis();
        if (silent < intervalMillis) {
          jobsBefore = listener.finishedJobs.get();
          tasksBefore = listener.finishedTasks.get();
          continue;
        }
        long now = System.currentTimeMillis();
        boolean printed = false;
        AlsFit fit = listener.activeFit(now);
        if (fit != null) {
          progress.info("  %s", fit.describe(now));
          printed = true;
        }
        Job oldest = null;
        for (Job job : listener.jobs.values()) {
          if (oldest == null || job.startMillis < oldest.startMillis) {
            oldest = job;
          }
          if (now - job.startMillis < intervalMillis || (fit != null && job.fit == fit)) {
            continue;
          }
          progress.info("  %s", describe(job, now));
          printed = true;
        }
        long jobs = listener.finishedJobs.get();
        long tasks = listener.finishedTasks.get();
        if (!printed) {
          // Short jobs only: how many finished, and where the oldest running one stands.
          progress.info("  still working: %s Spark jobs (%s tasks) finished in the last %s, %d running%s",
              Progress.count(jobs - jobsBefore), Progress.count(tasks - tasksBefore), duration(silent),
              listener.jobs.size(), oldest == null ? "" : "; " + describe(oldest, now));
        }
        jobsBefore = jobs;
        tasksBefore = tasks;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One job's line: tasks done of those submitted, records read, elapsed time and an ETA. */
  private static String describe(Job job, long now) {
    long elapsed = now - job.startMillis;
    long done = job.done.get();
    long total = Math.max(job.total.get(), done);
    String eta = done == 0 || total == done ? "unknown" : duration(elapsed * (total - done) / done);
    return String.format(Locale.ROOT, "Spark job %d (%s): %s/%s tasks (%.0f%%), %s records read, %s elapsed, ETA %s",
        job.id, shorten(job.description), Progress.count(done), Progress.count(total),
        total == 0 ? 0.0 : 100.0 * done / total, Progress.count(job.records.get()), duration(elapsed), eta);
  }

  private static String shorten(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() <= 60 ? one : one.substring(0, 57) + "...";
  }

  static String duration(long millis) {
    long s = millis / 1000;
    return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }

  /** Stops reporting. */
  @Override
  public void close() {
    reporter.interrupt();
    sc.removeSparkListener(listener);
  }
}
