package io.affinity.jobs.train;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time range of events a train run reads: {@code [since, until)}, either end open (null).
 * From {@code --since}, {@code --until} (ISO dates, meaning midnight UTC, or ISO instants) and
 * {@code --window 90d} (also {@code 12h}, {@code 4w}): a window without {@code --until} ends at
 * today's midnight UTC, so a nightly schedule that reruns on the same day asks for the same range
 * and finds nothing changed.
 *
 * @param since first instant included, or null
 * @param until first instant excluded, or null
 */
public record DataWindow(Instant since, Instant until) {
  /** Every event. */
  public static final DataWindow ALL = new DataWindow(null, null);
  private static final Pattern SPAN = Pattern.compile("(\\d{1,5})([hdw])");

  /** Checks the order. */
  public DataWindow {
    if (since != null && until != null && !since.isBefore(until)) {
      throw new IllegalArgumentException("--since " + since + " must be before --until " + until);
    }
  }

  /**
   * Parses the flags (each may be null).
   *
   * @param today the current date (UTC), the default end of a {@code --window}
   * @throws IllegalArgumentException naming the flag and the bad value
   */
  public static DataWindow parse(String since, String until, String window, LocalDate today) {
    Instant end = until == null ? null : instant("--until", until);
    Instant start = since == null ? null : instant("--since", since);
    if (window != null) {
      if (since != null) {
        throw new IllegalArgumentException("give --window or --since, not both");
      }
      Matcher m = SPAN.matcher(window.trim());
      if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
        throw new IllegalArgumentException("--window must be a number of hours, days or weeks (12h, 90d, 4w), got '"
            + window + "'");
      }
      long n = Long.parseLong(m.group(1));
      Duration span = switch (m.group(2)) {
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
      end = end != null ? end : today.atStartOfDay(ZoneOffset.UTC).toInstant();
      start = end.minus(span);
    }
    return new DataWindow(start, end);
  }

  private static Instant instant(String flag, String value) {
    try {
      return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(flag + " must be a date (2026-11-01) or an instant (2026-11-01T06:00:00Z),"
          + " got '" + value + "'");
    }
  }

  /** Whether this reads everything. */
  public boolean isAll() {
    return since == null && until == null;
  }

  /** The window for the manifest ({@code since}, {@code until}; absent ends omitted). */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (since != null) {
      m.put("since", since.toString());
    }
    if (until != null) {
      m.put("until", until.toString());
    }
    return m;
  }
}
