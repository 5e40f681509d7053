/**
 * Affinity's Spark batch jobs: importers and a synthetic generator that write the interaction-log
 * layout, and the train job that fits ALS, evaluates it and publishes a snapshot.
 */
package io.affinity.jobs;
