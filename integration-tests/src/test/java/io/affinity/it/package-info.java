/** Integration tests against third-party servers started in-process (Kafka in KRaft mode). */
package io.affinity.it;
