package io.affinity.jobs.sequence;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One loaded model per key per JVM: executors load a model on first use and share it between
 * tasks (a TensorFlow session is safe to share for inference). Released explicitly when the job
 * no longer needs it (native memory), or at JVM exit.
 */
final class ExecutorModels {
  private static final ConcurrentHashMap<String, Loaded<?>> MODELS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> MODELS.values().forEach(Loaded::close),
        "affinity-tf-models-close"));
  }

  /**
   * A loaded model and the temporary directory it was unpacked into (deleted with it), or null.
   *
   * @param model the model
   * @param unpacked its directory when this JVM unpacked it, else null
   */
  record Loaded<M extends AutoCloseable>(M model, Path unpacked) {
    void close() {
      try {
        model.close();
      } catch (Exception e) {
        // Closing at exit or after use: nothing left to do with the error.
      }
      if (unpacked != null) {
        io.affinity.store.StoreFiles.deleteTree(unpacked);
      }
    }
  }

  private ExecutorModels() {}

  @SuppressWarnings("unchecked")
  static <M extends AutoCloseable> M get(String key, Function<String, Loaded<M>> loader) {
    return (M) MODELS.computeIfAbsent(key, loader::apply).model();
  }

  /** Unloads a model and deletes its unpacked directory. */
  static void release(String key) {
    Loaded<?> m = MODELS.remove(key);
    if (m != null) {
      m.close();
    }
  }
}
