package io.affinity.jobs.train;

import io.affinity.store.manifest.Manifest;

/**
 * What a train run produced.
 *
 * @param manifest the published snapshot's manifest
 * @param promoted whether {@code _CURRENT} now names it
 * @param seconds wall time of the run
 */
public record TrainResult(Manifest manifest, boolean promoted, double seconds) {}
