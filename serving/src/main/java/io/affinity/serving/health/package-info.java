/** {@code GET /health/live} and {@code GET /health/ready} for orchestrators. */
package io.affinity.serving.health;
