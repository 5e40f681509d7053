package io.affinity.jobs.ingest;

import java.nio.file.Files;
import java.nio.file.Path;

/** The MovieLens file layouts the importer understands. */
public enum MovieLensLayout {
  /** ml-latest, ml-latest-small, ml-20m, ml-25m: {@code ratings.csv}, {@code movies.csv}, {@code tags.csv}. */
  CSV("ratings.csv"),
  /** ml-1m, ml-10m: {@code ::}-separated {@code ratings.dat}, {@code movies.dat}, {@code tags.dat}. */
  DAT("ratings.dat"),
  /** ml-100k: tab-separated {@code u.data}, {@code |}-separated Latin-1 {@code u.item}. */
  ML100K("u.data");

  private final String ratingsFile;

  MovieLensLayout(String ratingsFile) {
    this.ratingsFile = ratingsFile;
  }

  /** The file holding the ratings in this layout. */
  public String ratingsFile() {
    return ratingsFile;
  }

  /**
   * Detects the layout of a MovieLens directory.
   *
   * @throws IllegalArgumentException naming the directory and the files looked for
   */
  public static MovieLensLayout detect(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("MovieLens source " + dir + " is not a directory");
    }
    for (MovieLensLayout l : values()) {
      if (Files.isRegularFile(dir.resolve(l.ratingsFile))) {
        return l;
      }
    }
    throw new IllegalArgumentException("no MovieLens ratings in " + dir
        + ": expected ratings.csv (ml-latest, ml-20m/25m), ratings.dat (ml-1m, ml-10m) or u.data (ml-100k)");
  }
}
