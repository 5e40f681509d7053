/**
 * The evaluation report each snapshot carries: {@code metrics.json} and a self-contained
 * {@code report.html} with charts drawn by an inline script, so it opens offline.
 */
package io.affinity.jobs.report;
