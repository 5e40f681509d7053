package io.affinity.transformers.content;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Word tokenizer with a vocabulary built from the catalogue: lower-cased runs of letters and
 * digits (Unicode-aware); the {@code maxVocab} most frequent tokens (ties alphabetical) get ids
 * from 2; 0 is padding and 1 unknown. Saved as one token per line, in id order.
 */
public final class Tokenizer {
  /** The vocabulary file name next to the encoder's SavedModel. */
  public static final String VOCAB_FILE = "vocab.txt";
  private static final Pattern SPLIT = Pattern.compile("[^\\p{L}\\p{N}]+");
  private final Map<String, Integer> ids;
  private final List<String> tokens;

  private Tokenizer(List<String> tokens) {
    this.tokens = List.copyOf(tokens);
    this.ids = new HashMap<>(tokens.size() * 2);
    for (int i = 0; i < tokens.size(); i++) {
      ids.put(tokens.get(i), i + 2);
    }
  }

  /**
   * Builds the vocabulary from texts in this process. A Spark job counts the same tokens in
   * executors ({@link #words}) and passes the most frequent to {@link #of}.
   */
  public static Tokenizer build(Iterable<String> texts, int maxVocab) {
    Map<String, Integer> counts = new HashMap<>();
    for (String t : texts) {
      for (String w : words(t)) {
        counts.merge(w, 1, Integer::sum);
      }
    }
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    List<String> vocab = new ArrayList<>();
    for (int i = 0; i < Math.min(maxVocab, sorted.size()); i++) {
      vocab.add(sorted.get(i).getKey());
    }
    return new Tokenizer(vocab);
  }

  /**
   * A tokenizer over a vocabulary counted elsewhere: {@code vocab} in id order (most frequent
   * first), without padding and unknown.
   *
   * @throws IllegalArgumentException when a token repeats or is not a single word
   */
  public static Tokenizer of(List<String> vocab) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String t : vocab) {
      if (!seen.add(t) || words(t).size() != 1 || !words(t).get(0).equals(t)) {
        throw new IllegalArgumentException("not a vocabulary token (repeated, empty or not one lower-case word): '"
            + t + "'");
      }
    }
    return new Tokenizer(vocab);
  }

  /** Reads a vocabulary saved by {@link #save}. */
  public static Tokenizer load(Path file) throws IOException {
    return new Tokenizer(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  /** Writes the vocabulary, one token per line in id order. */
  public void save(Path file) throws IOException {
    Files.write(file, tokens, StandardCharsets.UTF_8);
  }

  /** Ids needed for the embedding table: vocabulary plus padding and unknown. */
  public int size() {
    return tokens.size() + 2;
  }

  /** The first {@code maxTokens} token ids of {@code text}, right-padded with 0. */
  public int[] encode(String text, int maxTokens) {
    int[] out = new int[maxTokens];
    int n = 0;
    for (String w : words(text)) {
      if (n == maxTokens) {
        break;
      }
      out[n++] = ids.getOrDefault(w, 1);
    }
    return out;
  }

  /** The tokens of {@code text}: lower-cased runs of letters and digits, in order (empty for null). */
  public static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String w : SPLIT.split(text.toLowerCase(Locale.ROOT))) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }
}
