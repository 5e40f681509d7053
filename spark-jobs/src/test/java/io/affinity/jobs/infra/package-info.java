/** Checks that the deployment manifests under infra/ stay in step with the code. */
package io.affinity.jobs.infra;
