/** Real-time event ingest ({@code POST /v1/events}): parsing, validation and the HTTP route. */
package io.affinity.serving.events;
