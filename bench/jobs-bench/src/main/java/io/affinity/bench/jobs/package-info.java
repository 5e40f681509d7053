/** Reference measurements for the train job: raw MLlib ALS on the same data and parameters. */
package io.affinity.bench.jobs;
