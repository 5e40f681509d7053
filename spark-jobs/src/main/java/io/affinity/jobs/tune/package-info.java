/**
 * Hyper-parameter tuning for ALS ({@code affinity tune}): grid or seeded random search with a trial
 * and time budget, on a validation split carved from the train side only, writing a result file
 * the train job can read ({@code --params}).
 */
package io.affinity.jobs.tune;
