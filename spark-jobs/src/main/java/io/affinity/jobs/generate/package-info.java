/**
 * A seeded synthetic interaction-log generator with the structure real logs have (Zipf item
 * popularity, long-tailed user activity, latent taste clusters, time-ordered sessions with
 * item-to-item sequential patterns, item titles and tags), so that metrics on it mean something.
 */
package io.affinity.jobs.generate;
