/** Serving benchmarks: exact search (scalar vs Vector API) and the HTTP endpoint vs the in-process service. */
package io.affinity.bench.serving;
