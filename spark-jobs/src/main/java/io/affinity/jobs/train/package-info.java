/**
 * The train job: read and validate interaction logs (bad rows counted by reason and quarantined),
 * aggregate implicit confidence per (user, item), index ids, fit MLlib ALS, evaluate it on a
 * held-out split against popularity, and publish a snapshot to the feature store.
 */
package io.affinity.jobs.train;
