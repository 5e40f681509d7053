package io.affinity.jobs.train;

import io.affinity.jobs.gate.GateDecision;
import io.affinity.store.manifest.Manifest;

/**
 * What a train run produced.
 *
 * @param manifest the published snapshot's manifest
 * @param promoted whether {@code _CURRENT} now names it
 * @param seconds wall time of the run
 * @param gate the metric gate's decision
 */
public record TrainResult(Manifest manifest, boolean promoted, double seconds, GateDecision gate, boolean unchanged) {
  /** A run that published {@code manifest}. */
  public TrainResult(Manifest manifest, boolean promoted, double seconds, GateDecision gate) {
    this(manifest, promoted, seconds, gate, false);
  }
}
