package io.affinity.jobs.ingest;

import io.affinity.store.log.CatalogItem;
import io.affinity.store.log.Interaction;
import io.affinity.store.log.PartitionedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Converts a MovieLens directory (any layout of {@link MovieLensLayout}) into
 * {@code OUT/interactions} (one row per rating: {@code event_type=rating}, {@code weight=rating})
 * and {@code OUT/items} (title; genres as {@code tags}; users' free-text tags, de-duplicated, as
 * {@code text}). Malformed lines go to {@code OUT/quarantine/rejected.tsv}.
 *
 * <p>Tags are item text, not interactions: a tag says something about the movie, and counting it
 * as an interaction would double-count users who both rated and tagged.
 */
public final class MovieLensImporter {
  private static final String[] ML100K_GENRES = {"unknown", "Action", "Adventure", "Animation",
      "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror",
      "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"};

  private MovieLensImporter() {}

  /**
   * Imports {@code src} into {@code out}.
   *
   * @throws IllegalArgumentException when {@code src} is not a MovieLens directory or
   *     {@code out/interactions} already holds data
   */
  public static ImportReport importDir(Path src, Path out) {
    MovieLensLayout layout = MovieLensLayout.detect(src);
    Path interactionsDir = out.resolve("interactions");
    Path itemsDir = out.resolve("items");
    requireEmpty(interactionsDir);
    requireEmpty(itemsDir);
    Map<String, ItemBuilder> items = new LinkedHashMap<>();
    long interactions;
    try (Quarantine q = new Quarantine(out.resolve("quarantine").resolve("rejected.tsv"))) {
      try (PartitionedWriter<Interaction> w = PartitionedWriter.interactions(interactionsDir)) {
        readRatings(layout, src, w, q);
        interactions = w.rows();
      }
      readCatalog(layout, src, items, q);
      try (PartitionedWriter<CatalogItem> w = PartitionedWriter.items(itemsDir)) {
        items.values().forEach(b -> w.write(b.build()));
      }
      return new ImportReport(layout, interactions, items.size(), q.counts(), q.file());
    }
  }

  private static void requireEmpty(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.list(dir)) {
      if (s.findAny().isPresent()) {
        throw new IllegalArgumentException(dir + " already holds data: choose another output "
            + "directory or remove it first");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static void readRatings(MovieLensLayout layout, Path src, PartitionedWriter<Interaction> w,
      Quarantine q) {
    Path file = src.resolve(layout.ratingsFile());
    String name = file.getFileName().toString();
    boolean header = layout == MovieLensLayout.CSV;
    TextFiles.forEachLine(file, StandardCharsets.UTF_8, (n, line) -> {
      if ((header && n == 1) || line.isBlank()) {
        return;
      }
      List<String> f = switch (layout) {
        case CSV -> Csv.split(line);
        case DAT -> Arrays.asList(line.split("::", -1));
        case ML100K -> Arrays.asList(line.split("\t", -1));
      };
      Interaction row = parseRating(f);
      if (row == null) {
        q.reject(name, n, ratingProblem(f), line);
      } else {
        w.write(row);
      }
    });
  }

  /** Returns the interaction, or null when any field is malformed. */
  static Interaction parseRating(List<String> f) {
    if (f == null || f.size() != 4) {
      return null;
    }
    String user = f.get(0).trim();
    String item = f.get(1).trim();
    Double rating = parseNonNegative(f.get(2));
    Long seconds = parseLong(f.get(3));
    if (user.isEmpty() || item.isEmpty() || rating == null || seconds == null) {
      return null;
    }
    return new Interaction(user, item, "rating", rating, Math.multiplyExact(seconds, 1_000_000L));
  }

  static String ratingProblem(List<String> f) {
    if (f == null) {
      return "unbalanced_quotes";
    }
    if (f.size() != 4) {
      return "expected_4_fields_got_" + f.size();
    }
    if (f.get(0).isBlank() || f.get(1).isBlank()) {
      return "empty_id";
    }
    if (parseNonNegative(f.get(2)) == null) {
      return "bad_rating";
    }
    return "bad_timestamp";
  }

  private static Double parseNonNegative(String s) {
    return RecordParser.weight(s); // the generic import's weight rule
  }

  private static Long parseLong(String s) {
    try {
      long v = Long.parseLong(s.trim());
      return v >= 0 && v < 9_000_000_000_000L ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void readCatalog(MovieLensLayout layout, Path src, Map<String, ItemBuilder> items,
      Quarantine q) {
    switch (layout) {
      case CSV -> {
        readMovies(src.resolve("movies.csv"), true, Csv::split, items, q);
        readTags(src.resolve("tags.csv"), true, Csv::split, items, q);
      }
      case DAT -> {
        readMovies(src.resolve("movies.dat"), false, l -> Arrays.asList(l.split("::", -1)), items, q);
        readTags(src.resolve("tags.dat"), false, l -> Arrays.asList(l.split("::", -1)), items, q);
      }
      case ML100K -> readUItem(src, items, q);
    }
  }

  private static void readMovies(Path file, boolean header,
      java.util.function.Function<String, List<String>> splitter, Map<String, ItemBuilder> items,
      Quarantine q) {
    forEachRecord(file, header, splitter, 3, 0, q, f -> {
      ItemBuilder b = items.computeIfAbsent(f.get(0).trim(), ItemBuilder::new);
      b.title = f.get(1).trim();
      for (String g : f.get(2).split("\\|")) {
        if (!g.isBlank() && !g.equals("(no genres listed)")) {
          b.tags.add(g.trim());
        }
      }
    });
  }

  private static void readTags(Path file, boolean header,
      java.util.function.Function<String, List<String>> splitter, Map<String, ItemBuilder> items,
      Quarantine q) {
    forEachRecord(file, header, splitter, 4, 1, q, f -> {
      String tag = f.get(2).trim();
      if (!tag.isEmpty()) {
        items.computeIfAbsent(f.get(1).trim(), ItemBuilder::new).text.add(tag);
      }
    });
  }

  /**
   * Reads an optional catalog file: skips the header and blank lines, quarantines lines with the
   * wrong field count or an empty id (field {@code idField}), and hands the rest to {@code sink}.
   */
  private static void forEachRecord(Path file, boolean header,
      java.util.function.Function<String, List<String>> splitter, int fields, int idField,
      Quarantine q, java.util.function.Consumer<List<String>> sink) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    String name = file.getFileName().toString();
    TextFiles.forEachLine(file, TextFiles.detectCharset(file), (n, line) -> {
      if ((header && n == 1) || line.isBlank()) {
        return;
      }
      List<String> f = splitter.apply(line);
      if (f == null || f.size() != fields || f.get(idField).isBlank()) {
        q.reject(name, n, f == null ? "unbalanced_quotes"
            : f.size() != fields ? "expected_" + fields + "_fields_got_" + f.size() : "empty_id", line);
        return;
      }
      sink.accept(f);
    });
  }

  private static void readUItem(Path src, Map<String, ItemBuilder> items, Quarantine q) {
    Path file = src.resolve("u.item");
    if (!Files.isRegularFile(file)) {
      return;
    }
    String[] genres = ml100kGenres(src.resolve("u.genre"));
    Charset cs = TextFiles.detectCharset(file);
    TextFiles.forEachLine(file, cs, (n, line) -> {
      if (line.isBlank()) {
        return;
      }
      String[] f = line.split("\\|", -1);
      if (f.length < 5 + genres.length || f[0].isBlank()) {
        q.reject("u.item", n, f[0].isBlank() ? "empty_id"
            : "expected_" + (5 + genres.length) + "_fields_got_" + f.length, line);
        return;
      }
      ItemBuilder b = items.computeIfAbsent(f[0].trim(), ItemBuilder::new);
      b.title = f[1].trim();
      for (int g = 0; g < genres.length; g++) {
        if ("1".equals(f[5 + g].trim())) {
          b.tags.add(genres[g]);
        }
      }
    });
  }

  private static String[] ml100kGenres(Path uGenre) {
    if (!Files.isRegularFile(uGenre)) {
      return ML100K_GENRES;
    }
    List<String> names = new ArrayList<>();
    TextFiles.forEachLine(uGenre, TextFiles.detectCharset(uGenre), (n, line) -> {
      int bar = line.lastIndexOf('|');
      if (bar > 0) {
        names.add(line.substring(0, bar));
      }
    });
    return names.isEmpty() ? ML100K_GENRES : names.toArray(String[]::new);
  }

  /** Accumulates one item's catalog fields. */
  private static final class ItemBuilder {
    final String id;
    String title;
    final Set<String> tags = new LinkedHashSet<>();
    final Set<String> text = new LinkedHashSet<>();

    ItemBuilder(String id) {
      this.id = id;
    }

    CatalogItem build() {
      return new CatalogItem(id, title, List.copyOf(tags), text.isEmpty() ? null : String.join(", ", text));
    }
  }
}
