/**
 * Transformer models in TensorFlow Java 1.1 (graph mode; the Ops API has no eager autodiff). Plain
 * Java plus TensorFlow: no Spark here, so the same code trains on the driver and runs inside
 * executors, and the server never sees it.
 */
package io.affinity.transformers;
