package io.affinity.store.publish;

/**
 * Called before every {@link PublishStep}; used to log progress and, in tests, to simulate a crash
 * at a chosen step by throwing.
 */
@FunctionalInterface
public interface PublishHook {
  /** A hook that does nothing. */
  PublishHook NONE = step -> { };

  /** Called before {@code step} runs. */
  void before(PublishStep step);
}
