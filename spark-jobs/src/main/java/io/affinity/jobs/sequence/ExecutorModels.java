package io.affinity.jobs.sequence;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One loaded model per path per JVM: executors load a model on first use and share it between
 * tasks (a TensorFlow session is safe to share for inference). Closed at JVM exit.
 */
final class ExecutorModels {
  private static final ConcurrentHashMap<String, AutoCloseable> MODELS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> MODELS.values().forEach(ExecutorModels::closeQuietly),
        "affinity-tf-models-close"));
  }

  private ExecutorModels() {}

  @SuppressWarnings("unchecked")
  static <M extends AutoCloseable> M get(String path, Function<java.nio.file.Path, M> loader) {
    return (M) MODELS.computeIfAbsent(path, p -> loader.apply(java.nio.file.Path.of(p)));
  }

  /** Unloads a model (the driver does this once a snapshot's vectors are written). */
  static void release(String path) {
    AutoCloseable m = MODELS.remove(path);
    if (m != null) {
      closeQuietly(m);
    }
  }

  private static void closeQuietly(AutoCloseable m) {
    try {
      m.close();
    } catch (Exception e) {
      // Closing at exit or after use: nothing left to do with the error.
    }
  }
}
