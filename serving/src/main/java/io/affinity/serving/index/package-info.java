/**
 * Nearest-neighbour search over item vectors behind one interface, {@link
 * io.affinity.serving.index.VectorIndex}: exact scans (a scalar reference and a Java Vector API
 * scan) and the graph indexes that answer at scale: {@link io.affinity.serving.index.MipsGraphIndex}
 * (recommendations: exact scan of the longest vectors, then a walk of the neighbour graph) and
 * {@link io.affinity.serving.index.CosineGraphIndex} (similar items), both on {@link
 * io.affinity.serving.index.BeamSearch}, bounded by a {@link io.affinity.serving.index.SearchBudget}.
 */
package io.affinity.serving.index;
