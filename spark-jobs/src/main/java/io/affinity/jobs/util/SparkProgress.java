package io.affinity.jobs.util;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Progress of the running Spark jobs, printed under the current stage at least every
 * {@code interval} while a job runs longer than that: tasks done of those submitted so far, the
 * records its tasks read so far (of the records its stages will read, when they read shuffles
 * this listener saw written), elapsed time and an ETA (elapsed × remaining / done records, else
 * tasks).
 *
 * <p>An ALS fit is many short jobs, two or more per iteration: its jobs carry the local property
 * {@link #ALS_FIT_PROPERTY} (set by {@code Als.fit}), and while one runs the line says which
 * iteration it is in, with an ETA from the time per half-iteration so far ({@link AlsFit}). A stage
 * made of other short jobs or of driver-side work has no single long job to report; when nothing
 * was printed for {@code interval}, a heartbeat line says how many Spark jobs and tasks finished
 * since the last line and where the oldest running job stands (tasks, ETA), so no stage is silent
 * for longer than the interval.
 *
 * <p>A job whose tasks count their work ({@link #work}: users ranked, graph nodes inserted) shows
 * that count against its total, with the ETA from it, also while its tasks run: executors send
 * their running tasks' accumulator values with every heartbeat ({@code
 * spark.executor.heartbeatInterval}, 10 s by default), with the records each has read so far,
 * where tasks done move only when a task ends. A job without a description is named by the current
 * {@link Progress} stage. A listener counts; a daemon thread named {@code spark-progress} prints.
 * Thread-safe.
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

  /**
   * The local property that gives the jobs started on a thread a unit of work their tasks count:
   * {@code <accumulator id>/<total>/<unit>} ({@link #work}).
   */
  public static final String WORK_PROPERTY = "affinity.work";

  /**
   * Counts {@code unit} (e.g. "users ranked") of {@code total} for the jobs this thread starts
   * until {@link Work#close()}: the tasks add to {@link Work#counter()}, which the closure of the
   * job's tasks must capture.
   */
  public static Work work(SparkContext sc, String unit, long total) {
    if (unit.isBlank() || total < 0) {
      throw new IllegalArgumentException("work needs a unit and a total >= 0, got '" + unit + "', " + total);
    }
    WorkCounter counter = new WorkCounter();
    sc.register(counter, "affinity: " + unit);
    String outer = sc.getLocalProperty(WORK_PROPERTY);
    sc.setLocalProperty(WORK_PROPERTY, counter.id() + "/" + total + "/" + unit);
    return new Work(sc, outer, counter);
  }

  /**
   * Runs {@code work} with {@code what} as the Spark job description of the jobs this thread
   * starts, the thread's previous description restored after.
   */
  public static <T> T described(SparkContext sc, String what, java.util.function.Supplier<T> work) {
    String outer = sc.getLocalProperty("spark.job.description");
    sc.setJobDescription(what);
    try {
      return work.get();
    } finally {
      sc.setJobDescription(outer);
    }
  }

  /** Work counted by the jobs a thread starts ({@link #work}); closing restores the thread's previous. */
  public static final class Work implements AutoCloseable {
    private final SparkContext sc;
    private final String outer;
    private final WorkCounter counter;

    private Work(SparkContext sc, String outer, WorkCounter counter) {
      this.sc = sc;
      this.outer = outer;
      this.counter = counter;
    }

    /** What tasks add to. */
    public WorkCounter counter() {
      return counter;
    }

    /** Stops tagging this thread's jobs (those started keep their tag). */
    @Override
    public void close() {
      sc.setLocalProperty(WORK_PROPERTY, outer);
    }
  }

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
    /** Records read so far by each running task, from the last heartbeat. */
    final Map<Long, Long> recordsRunning = new ConcurrentHashMap<>();
    /**
     * Records the job's submitted stages will read: the shuffle records their parent stages wrote;
     * -1 once a submitted stage reads something of unknown size (files, a parallelized collection).
     */
    final AtomicLong expected = new AtomicLong();
    /** Tasks that ended: a heartbeat sent before a task's end can arrive after it, and is ignored. */
    final java.util.Set<Long> ended = ConcurrentHashMap.newKeySet();
    /** The work counter's accumulator id, -1 when the job counts no work. */
    final long workId;
    final long workTotal;
    final String workUnit;
    final AtomicLong workDone = new AtomicLong();
    final Map<Long, Long> workRunning = new ConcurrentHashMap<>();

    Job(int id, String description, int factors, AlsFit fit, String work) {
      this.id = id;
      this.description = description;
      this.factors = factors;
      this.fit = fit;
      String[] w = work == null ? null : work.split("/", 3);
      long wid = -1;
      long wtotal = 0;
      if (w != null && w.length == 3) {
        try {
          wid = Long.parseLong(w[0]);
          wtotal = Long.parseLong(w[1]);
        } catch (NumberFormatException e) {
          wid = -1; // not ours: shown without a count
        }
      }
      this.workId = wid;
      this.workTotal = wtotal;
      this.workUnit = wid < 0 ? null : w[2];
    }

    /** Work done: by the tasks that ended plus the last heartbeat of each running one. */
    long work() {
      return plusRunning(workDone.get(), workRunning);
    }

    /** Records read: by the tasks that ended plus the last heartbeat of each running one. */
    long recordsRead() {
      return plusRunning(records.get(), recordsRunning);
    }

    private static long plusRunning(long ended, Map<Long, Long> running) {
      long sum = ended;
      for (long v : running.values()) {
        sum += v;
      }
      return sum;
    }
  }

  /** The names of the task metrics that count records read (input files, shuffle). */
  private static final java.util.Set<String> RECORDS_READ = java.util.Set.of(
      "internal.metrics.input.recordsRead", "internal.metrics.shuffle.read.recordsRead");

  /**
   * Records read as a heartbeat reports them for one running task (the values of {@code ids}, the
   * stage's records-read metrics: heartbeats carry accumulator ids without names), or -1 when it
   * reports none.
   */
  private static long recordsRead(scala.collection.Iterable<AccumulableInfo> infos, java.util.Set<Long> ids) {
    long sum = -1;
    scala.collection.Iterator<AccumulableInfo> it = infos.iterator();
    while (it.hasNext()) {
      AccumulableInfo a = it.next();
      if (ids.contains(a.id()) && a.update().isDefined() && a.update().get() instanceof Number n) {
        sum = Math.max(sum, 0) + n.longValue();
      }
    }
    return sum;
  }

  /** The ids of a stage attempt's records-read metrics (input and shuffle). */
  private static java.util.Set<Long> recordsReadIds(org.apache.spark.scheduler.StageInfo stage) {
    java.util.Set<Long> ids = new java.util.HashSet<>();
    if (stage.taskMetrics() != null) {
      scala.collection.Iterator<org.apache.spark.util.AccumulatorV2<?, ?>> it =
          stage.taskMetrics().accumulators().iterator();
      while (it.hasNext()) {
        org.apache.spark.util.AccumulatorV2<?, ?> acc = it.next();
        if (acc.name().isDefined() && RECORDS_READ.contains(acc.name().get())) {
          ids.add(acc.id());
        }
      }
    }
    return ids;
  }

  /** The value an accumulator update carries for {@code id}, or -1. */
  private static long update(scala.collection.Iterable<AccumulableInfo> infos, long id) {
    scala.collection.Iterator<AccumulableInfo> it = infos.iterator();
    while (it.hasNext()) {
      AccumulableInfo a = it.next();
      if (a.id() == id && a.update().isDefined() && a.update().get() instanceof Number n) {
        return n.longValue();
      }
    }
    return -1;
  }

  /** A thread-safe map that forgets its oldest entries beyond 100,000 (stage and shuffle ids). */
  private static <V> Map<Integer, V> bounded() {
    return java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, V> eldest) {
        return size() > 100_000;
      }
    });
  }

  private final class Listener extends SparkListener {
    final Map<Integer, Job> jobs = new ConcurrentHashMap<>();
    final Map<Integer, Job> byStage = new ConcurrentHashMap<>();
    final AtomicLong finishedJobs = new AtomicLong();
    final AtomicLong finishedTasks = new AtomicLong();
    /** Each running stage's records-read metric ids. */
    final Map<Integer, java.util.Set<Long>> readIds = new ConcurrentHashMap<>();
    /**
     * The shuffle each map stage writes: a job started by adaptive query execution reads a shuffle
     * written by an earlier job's stage through a (skipped) stage of its own with another id.
     */
    final Map<Integer, Integer> shuffleOf = bounded();
    /** Records written per shuffle by finished map tasks (the most recent shuffles; bounded). */
    final Map<Integer, Long> written = bounded();
    volatile AlsFit lastFit;
    volatile long lastFitJobEnd;
    /** The last fit one of whose jobs failed: it stopped, whatever its iterations say. */
    volatile AlsFit failedFit;

    @Override
    public void onJobStart(SparkListenerJobStart e) {
      String desc = e.properties() == null ? null : e.properties().getProperty("spark.job.description");
      if (desc == null) {
        // A job without a description is named by the stage it runs in: its call site is Spark's
        // own code as often as not ("$anonfun$withThreadLocalCaptured$1 at CompletableFuture...").
        desc = progress.stageName();
      }
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
      String work = e.properties() == null ? null : e.properties().getProperty(WORK_PROPERTY);
      scala.collection.Iterator<org.apache.spark.scheduler.StageInfo> infos = e.stageInfos().iterator();
      while (infos.hasNext()) {
        org.apache.spark.scheduler.StageInfo info = infos.next();
        if (info.shuffleDepId().isDefined()) {
          shuffleOf.put(info.stageId(), (Integer) info.shuffleDepId().get());
        }
      }
      Job job = new Job(e.jobId(), desc == null ? "job " + e.jobId() : desc, factors, fit, work);
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
        readIds.put(e.stageInfo().stageId(), recordsReadIds(e.stageInfo()));
        job.total.addAndGet(e.stageInfo().numTasks());
        // A retried stage reads again what its first attempt was to read: counted once.
        long add = e.stageInfo().attemptNumber() == 0 ? reads(e.stageInfo()) : 0;
        job.expected.updateAndGet(x -> x < 0 || add < 0 ? -1 : x + add);
      }
    }

    /**
     * The records a stage will read when that is known: it reads one shuffle, written by a map
     * stage this listener saw, and holds no persisted RDD. Else -1: a stage of several parents may
     * not read them all (adaptive execution turns a sort-merge join into a broadcast join after
     * both sides' shuffles were written, and only the large side is read here), and a stage over a
     * cached RDD lists the shuffles that first computed it as parents but reads the cache, which
     * counts no records.
     */
    long reads(org.apache.spark.scheduler.StageInfo stage) {
      if (stage.parentIds().size() != 1) {
        return -1;
      }
      scala.collection.Iterator<org.apache.spark.storage.RDDInfo> rdds = stage.rddInfos().iterator();
      while (rdds.hasNext()) {
        org.apache.spark.storage.StorageLevel level = rdds.next().storageLevel();
        if (level.useMemory() || level.useDisk() || level.useOffHeap()) {
          return -1;
        }
      }
      Integer shuffle = shuffleOf.get((Integer) stage.parentIds().head());
      Long w = shuffle == null ? null : written.get(shuffle);
      return w == null ? -1 : w;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
      finishedTasks.incrementAndGet();
      if (e.taskMetrics() != null && e.taskInfo().successful()) {
        long w = e.taskMetrics().shuffleWriteMetrics().recordsWritten();
        Integer shuffle = shuffleOf.get(e.stageId());
        if (w > 0 && shuffle != null) {
          written.merge(shuffle, w, Long::sum);
        }
      }
      Job job = byStage.get(e.stageId());
      if (job != null) {
        job.done.incrementAndGet();
        job.ended.add(e.taskInfo().taskId());
        job.recordsRunning.remove(e.taskInfo().taskId());
        if (e.taskMetrics() != null) {
          job.records.addAndGet(e.taskMetrics().inputMetrics().recordsRead()
              + e.taskMetrics().shuffleReadMetrics().recordsRead());
        }
        if (job.workId >= 0) {
          job.workRunning.remove(e.taskInfo().taskId());
          long v = e.taskInfo().successful() ? update(e.taskInfo().accumulables(), job.workId) : -1;
          if (v > 0) {
            job.workDone.addAndGet(v);
          }
        }
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate e) {
      // (task id, stage id, stage attempt, that task's accumulator values so far) per running task
      scala.collection.Iterator<?> it = e.accumUpdates().iterator();
      while (it.hasNext()) {
        scala.Tuple4<Object, Object, Object, scala.collection.Iterable<AccumulableInfo>> t =
            (scala.Tuple4<Object, Object, Object, scala.collection.Iterable<AccumulableInfo>>) it.next();
        Job job = byStage.get((Integer) t._2());
        if (job == null || job.ended.contains((Long) t._1())) {
          continue;
        }
        java.util.Set<Long> ids = readIds.get((Integer) t._2());
        long read = ids == null ? -1 : recordsRead(t._4(), ids);
        if (read >= 0) {
          job.recordsRunning.put((Long) t._1(), read);
        }
        if (job.workId >= 0) {
          long v = update(t._4(), job.workId);
          if (v >= 0) {
            job.workRunning.put((Long) t._1(), v);
          }
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
        byStage.entrySet().removeIf(s -> {
          if (s.getValue() == job) {
            readIds.remove(s.getKey());
            return true;
          }
          return false;
        });
        if (job.fit != null) {
          lastFitJobEnd = System.currentTimeMillis();
          if (e.jobResult() != org.apache.spark.scheduler.JobSucceeded$.MODULE$) {
            // The driver may see the failure before this event arrives; either way the fit is over.
            failedFit = job.fit;
          } else if (job.factors >= 0) {
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
      if (fit == null || fit == failedFit) {
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

  /**
   * One job's line: tasks done of those submitted, its work counted of the total (else records
   * read), elapsed time and an ETA (from the work when it counts some, else from tasks).
   */
  private static String describe(Job job, long now) {
    long elapsed = now - job.startMillis;
    long done = job.done.get();
    long total = Math.max(job.total.get(), done);
    String eta = done == 0 || total == done ? "unknown" : duration(elapsed * (total - done) / done);
    String counted;
    if (job.workId >= 0) {
      long work = Math.min(job.work(), job.workTotal);
      counted = Progress.count(work) + " of " + Progress.count(job.workTotal) + " " + job.workUnit;
      eta = work == 0 ? "unknown" : duration(elapsed * (job.workTotal - work) / work);
    } else {
      long read = job.recordsRead();
      long expected = job.expected.get();
      if (expected > 0) {
        // Shuffle reads are streamed as tasks work, so the share read is the share done; a task
        // that sorts all it read before it writes makes this ETA early, so once all is read the ETA
        // is the tasks' again.
        read = Math.min(read, expected);
        counted = Progress.count(read) + " of " + Progress.count(expected) + " records read";
        if (read > 0 && read < expected) {
          eta = duration(elapsed * (expected - read) / read);
        }
      } else {
        counted = Progress.count(read) + " records read";
      }
    }
    return String.format(Locale.ROOT, "Spark job %d (%s): %s/%s tasks (%.0f%%), %s, %s elapsed, ETA %s",
        job.id, shorten(job.description), Progress.count(done), Progress.count(total),
        total == 0 ? 0.0 : 100.0 * done / total, counted, duration(elapsed), eta);
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
