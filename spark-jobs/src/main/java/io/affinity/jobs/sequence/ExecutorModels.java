package io.affinity.jobs.sequence;

import io.affinity.transformers.sequence.SequenceModel;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One loaded SavedModel per path per JVM: executors load a model on first use and share it
 * between tasks (a TensorFlow session is safe to share for inference). Closed at JVM exit.
 */
final class ExecutorModels {
  private static final ConcurrentHashMap<String, SequenceModel> MODELS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> MODELS.values().forEach(SequenceModel::close),
        "affinity-tf-models-close"));
  }

  private ExecutorModels() {}

  static SequenceModel get(String path) {
    return MODELS.computeIfAbsent(path, p -> SequenceModel.load(Path.of(p)));
  }

  /** Unloads a model (the driver does this once a snapshot's vectors are written). */
  static void release(String path) {
    SequenceModel m = MODELS.remove(path);
    if (m != null) {
      m.close();
    }
  }
}
