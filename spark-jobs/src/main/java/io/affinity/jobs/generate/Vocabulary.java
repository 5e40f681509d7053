package io.affinity.jobs.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Words from which synthetic titles, tags and descriptions are built, themed per cluster. */
final class Vocabulary {
  static final String[] GENRES = {"Action", "Comedy", "Drama", "Sci-Fi", "Horror", "Romance",
      "Documentary", "Thriller", "Animation", "Fantasy", "Mystery", "Western", "Musical", "Crime",
      "Adventure", "War", "Family", "History", "Sport", "Biography"};
  private static final String[] ADJECTIVES = {"Silent", "Golden", "Broken", "Hidden", "Electric",
      "Last", "Crimson", "Wild", "Frozen", "Distant", "Burning", "Secret", "Lonely", "Brave",
      "Midnight", "Iron", "Velvet", "Hollow", "Bright", "Savage", "Quiet", "Northern", "Lost",
      "Endless"};
  private static final String[] NOUNS = {"Harbor", "Empire", "Garden", "Signal", "River",
      "Frontier", "Machine", "Kingdom", "Voyage", "Echo", "Orchard", "Tower", "Circuit", "Storm",
      "Mirror", "Station", "Lantern", "Canyon", "Protocol", "Carnival", "Desert", "Island",
      "Archive", "Summit"};
  private static final String[] DESCRIPTORS = {"dark", "funny", "slow-burn", "twist ending",
      "based on a true story", "ensemble cast", "visually stunning", "cult classic", "feel-good",
      "atmospheric", "violent", "quirky", "heartwarming", "dystopia", "space", "time travel",
      "coming of age", "heist", "road trip", "small town", "courtroom", "survival", "music",
      "friendship", "revenge", "family", "politics", "nature", "robots", "magic"};

  private Vocabulary() {}

  /** A cluster's theme: its genre and the descriptor indices it favours. */
  record Theme(String genre, int[] descriptors, int adjectiveBase, int nounBase) {}

  static Theme theme(int cluster, SplittableRandom rnd) {
    int[] d = new int[4];
    for (int i = 0; i < d.length; i++) {
      d[i] = rnd.nextInt(DESCRIPTORS.length);
    }
    return new Theme(GENRES[cluster % GENRES.length], d, rnd.nextInt(ADJECTIVES.length),
        rnd.nextInt(NOUNS.length));
  }

  static String title(Theme t, int item, SplittableRandom rnd) {
    String adj = ADJECTIVES[(t.adjectiveBase() + rnd.nextInt(6)) % ADJECTIVES.length];
    String noun = NOUNS[(t.nounBase() + rnd.nextInt(6)) % NOUNS.length];
    return adj + " " + noun + " " + (item + 1);
  }

  static List<String> tags(Theme t, SplittableRandom rnd) {
    List<String> tags = new ArrayList<>(3);
    tags.add(t.genre());
    tags.add(DESCRIPTORS[t.descriptors()[rnd.nextInt(t.descriptors().length)]]);
    if (rnd.nextInt(3) == 0) {
      String extra = DESCRIPTORS[rnd.nextInt(DESCRIPTORS.length)];
      if (!tags.contains(extra)) {
        tags.add(extra);
      }
    }
    return tags;
  }

  static String text(Theme t, String title, List<String> tags) {
    return "A " + String.join(", ", tags.subList(1, tags.size())) + " " + t.genre().toLowerCase()
        + " title: " + title + ".";
  }
}
