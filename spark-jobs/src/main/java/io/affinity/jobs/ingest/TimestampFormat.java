package io.affinity.jobs.ingest;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * How an event's time is written in a source log, parsed to microseconds since the epoch (UTC).
 *
 * <ul>
 *   <li>{@code epoch-s}, {@code epoch-ms}, {@code epoch-us}: a number of seconds (a fraction is
 *       kept to the microsecond), milliseconds or microseconds since 1970-01-01T00:00Z;
 *   <li>{@code iso}: ISO-8601, with an offset ({@code 2026-03-01T12:00:00+01:00}, {@code ...Z}) or
 *       without (read as UTC), a space instead of the {@code T}, or a date alone (midnight UTC);
 *   <li>anything else: a {@link DateTimeFormatter} pattern such as {@code dd/MM/yyyy HH:mm:ss};
 *       without a zone or offset in the pattern the time is UTC.
 * </ul>
 *
 * <p>Immutable and serializable (Spark ships it to executors); a pattern is compiled once per JVM.
 */
public final class TimestampFormat implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String spec;
  private transient DateTimeFormatter formatter;

  /**
   * Validates {@code spec} (a pattern is compiled here, so a bad one fails before any data is read).
   *
   * @throws IllegalArgumentException naming the bad spec
   */
  public TimestampFormat(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("--ts-format must not be empty (epoch-s, epoch-ms, epoch-us, iso or a"
          + " pattern such as yyyy-MM-dd HH:mm:ss)");
    }
    if (!isKeyword(spec)) {
      try {
        DateTimeFormatter.ofPattern(spec);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--ts-format '" + spec + "' is not a date-time pattern: " + e.getMessage(),
            e);
      }
    }
    this.spec = spec;
  }

  /** The format as given on the command line. */
  public String spec() {
    return spec;
  }

  @Override
  public String toString() {
    return spec;
  }

  /** Seconds since the epoch, the default. */
  public static final TimestampFormat EPOCH_SECONDS = new TimestampFormat("epoch-s");

  private static boolean isKeyword(String s) {
    return s.equals("epoch-s") || s.equals("epoch-ms") || s.equals("epoch-us") || s.equals("iso");
  }

  /**
   * Parses {@code text}.
   *
   * @return microseconds since the epoch, or null when {@code text} does not fit the format
   */
  public Long micros(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    if (t.isEmpty()) {
      return null;
    }
    try {
      return switch (spec) {
        case "epoch-s" -> seconds(t);
        case "epoch-ms" -> Math.multiplyExact(Long.parseLong(t), 1_000L);
        case "epoch-us" -> Long.parseLong(t);
        case "iso" -> iso(t);
        default -> pattern(t);
      };
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }

  private static Long seconds(String t) {
    if (t.indexOf('.') < 0 && t.indexOf('e') < 0 && t.indexOf('E') < 0) {
      return Math.multiplyExact(Long.parseLong(t), 1_000_000L);
    }
    double s = Double.parseDouble(t);
    if (!Double.isFinite(s) || Math.abs(s) > 9.2e12) {
      return null;
    }
    return Math.round(s * 1_000_000.0);
  }

  private static Long iso(String t) {
    String s = t.length() > 10 && t.charAt(10) == ' ' ? t.substring(0, 10) + 'T' + t.substring(11) : t;
    if (s.length() == 10) {
      return micros(LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC));
    }
    TemporalAccessor p = DateTimeFormatter.ISO_DATE_TIME.parseBest(s, ZonedDateTime::from, OffsetDateTime::from,
        LocalDateTime::from);
    Instant at = p instanceof ZonedDateTime z ? z.toInstant() : p instanceof OffsetDateTime o ? o.toInstant()
        : ((LocalDateTime) p).toInstant(ZoneOffset.UTC);
    return micros(at);
  }

  private Long pattern(String t) {
    if (formatter == null) {
      formatter = DateTimeFormatter.ofPattern(spec);
    }
    TemporalAccessor p = formatter.parse(t);
    if (p.isSupported(ChronoField.INSTANT_SECONDS)) {
      return micros(Instant.from(p));
    }
    if (p.isSupported(ChronoField.HOUR_OF_DAY)) {
      return micros(LocalDateTime.from(p).toInstant(ZoneOffset.UTC));
    }
    return micros(LocalDate.from(p).atStartOfDay().toInstant(ZoneOffset.UTC));
  }

  private static long micros(Instant i) {
    return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000);
  }
}
