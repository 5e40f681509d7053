package io.affinity.jobs.util;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The driver JVM's peak live heap while a job runs: after every garbage collection, the heap that
 * survived it (summed over the heap pools), keeping the largest. That is the figure that answers
 * "does the driver's memory grow with the data": the heap in use between collections also holds
 * garbage and grows to whatever {@code -Xmx} allows. In local mode the executors share the JVM, so
 * the figure covers them too. Notifications arrive on the JVM's own notification thread.
 *
 * <p>After a young collection the surviving heap still holds old-generation garbage, so that
 * figure is an upper bound that varies from run to run (148 and 185 MiB for the same 1M-event job).
 * For benchmarks, {@link #probeEvery} also forces a full collection at a fixed interval and keeps
 * the largest heap in use right after it: the live data itself.
 */
public final class DriverHeap implements AutoCloseable {
  private final AtomicLong peakLiveBytes = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final AtomicLong peakProbedBytes = new AtomicLong();
  private volatile Thread prober;
  private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).map(p -> p.getName()).collect(Collectors.toSet());
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onGc;

  /** Starts listening to this JVM's collectors. */
  public DriverHeap() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        emitters.add(emitter);
      }
    }
  }

  private void onGc(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long live = 0;
    for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(e.getKey())) {
        live += e.getValue().getUsed();
      }
    }
    collections.incrementAndGet();
    peakLiveBytes.accumulateAndGet(live, Math::max);
  }

  /** The largest heap that survived a collection so far, in MiB (0 before the first collection). */
  public long peakLiveMiB() {
    return peakLiveBytes.get() >> 20;
  }

  /**
   * Starts a daemon thread ({@code driver-heap-probe}) that every {@code seconds} runs a full
   * collection ({@code System.gc()}, a pause of a few hundred milliseconds on a 1 GB heap) and keeps
   * the largest heap in use after it. For benchmarks only: the pauses slow the job a little.
   */
  public void probeEvery(int seconds) {
    Thread t = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          Thread.sleep(seconds * 1000L);
          probe();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "driver-heap-probe");
    t.setDaemon(true);
    prober = t;
    t.start();
  }

  private void probe() {
    System.gc();
    peakProbedBytes.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
  }

  /** The largest heap in use right after a probe's full collection, in MiB (0 without probes). */
  public long peakProbedMiB() {
    return peakProbedBytes.get() >> 20;
  }

  /** Whether {@link #probeEvery} was started. */
  public boolean probing() {
    return prober != null;
  }

  /** Collections seen so far. */
  public long collections() {
    return collections.get();
  }

  /** The heap's maximum size ({@code -Xmx}) in MiB. */
  public static long maxMiB() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return heap.getMax() >> 20;
  }

  /** Stops listening. */
  @Override
  public void close() {
    Thread t = prober;
    if (t != null) {
      t.interrupt();
    }
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(listener);
      } catch (ListenerNotFoundException ignored) {
        // never added: nothing to remove
      }
    }
  }
}
