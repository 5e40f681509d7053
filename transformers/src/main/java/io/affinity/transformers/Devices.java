package io.affinity.transformers;

import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Which device TensorFlow will run the models on. The probe pins one addition to
 * {@code /device:GPU:0} with soft placement off: it runs only when the native build has CUDA and a
 * GPU is visible. Unpinned graphs then place their ops on that GPU; otherwise on the CPU.
 */
public final class Devices {
  private static volatile String cached;

  private Devices() {}

  /** {@code GPU:0} when TensorFlow can run on a GPU here, else {@code CPU}. */
  public static String placement() {
    String d = cached;
    if (d == null) {
      d = probeGpu() ? "GPU:0" : "CPU";
      cached = d;
    }
    return d;
  }

  private static boolean probeGpu() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g).withDevice(DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU)
          .deviceIndex(0).build());
      Operand<TFloat32> sum = tf.math.add(tf.constant(1f), tf.constant(2f));
      try (Session s = new Session(g); Result r = s.runner().fetch(sum).run()) {
        return ((TFloat32) r.get(0)).getFloat() == 3f;
      }
    } catch (RuntimeException e) {
      return false;
    }
  }
}
