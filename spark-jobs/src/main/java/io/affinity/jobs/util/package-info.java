/** Shared plumbing of the jobs: Spark session set-up, readable progress output, build info. */
package io.affinity.jobs.util;
