/** {@code GET /v1/snapshot}: a summary of the served snapshot's manifest. */
package io.affinity.serving.info;
