package io.affinity.store.events;

/**
 * An event with its position in the log.
 *
 * @param offset the log offset, dense from 0 and increasing in append order
 * @param event the event
 */
public record LoggedEvent(long offset, Event event) {}
