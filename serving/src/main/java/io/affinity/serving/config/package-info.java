/** The server's validated, immutable configuration. */
package io.affinity.serving.config;
