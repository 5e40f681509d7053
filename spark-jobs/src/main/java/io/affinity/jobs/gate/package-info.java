/**
 * The metric gate: before a candidate snapshot becomes current, its primary offline metric is
 * compared with the current snapshot's on the same protocol and data window; a candidate worse
 * beyond a tolerance is kept unpromoted and the run exits non-zero unless forced. The rule is plain
 * Java ({@link io.affinity.jobs.gate.GateDecision}); finding the incumbent's value needs Spark and
 * lives in the train job.
 */
package io.affinity.jobs.gate;
