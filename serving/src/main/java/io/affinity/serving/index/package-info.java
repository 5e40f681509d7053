/**
 * Nearest-neighbour search over item vectors behind one interface: an exact scalar scan (the
 * reference every other implementation is tested against) and an exact Java Vector API scan. An
 * ANN graph index slots in here later.
 */
package io.affinity.serving.index;
