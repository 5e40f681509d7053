package io.affinity.serving.snapshot;

import io.affinity.serving.index.SearchFilter;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A request's restrictions on the items it may get back, by id (not tied to a space).
 *
 * @param exclude item ids never to return (unknown ids are ignored)
 * @param tags when non-empty, only items carrying at least one of these catalog tags (matched
 *     case-insensitively); an unknown tag matches nothing
 */
public record ItemFilter(List<String> exclude, List<String> tags) {
  private static final int[] NO_ROWS = new int[0];

  /** No restriction. */
  public static final ItemFilter NONE = new ItemFilter(List.of(), List.of());

  /** Copies the lists. */
  public ItemFilter {
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** The filter over {@code space}'s item ordinals, also excluding {@code baseExcluded} (ascending). */
  public SearchFilter resolve(LoadedSpace space, int[] baseExcluded) {
    int[] ex = exclude.stream().mapToInt(space.items()::ordinal).filter(o -> o >= 0).sorted().distinct().toArray();
    SearchFilter f = SearchFilter.excluding(SearchFilter.union(baseExcluded, ex));
    if (tags.isEmpty()) {
      return f;
    }
    BitSet allowed = new BitSet(space.items().size());
    for (String tag : tags) {
      for (int row : space.itemsByTag().getOrDefault(tag.toLowerCase(Locale.ROOT), NO_ROWS)) {
        allowed.set(row);
      }
    }
    return f.restrictedTo(allowed);
  }

  /** Whether {@code itemId} passes, judged with {@code space}'s tags (for lists not searched by vector). */
  public boolean accepts(LoadedSpace space, String itemId) {
    if (exclude.contains(itemId)) {
      return false;
    }
    if (tags.isEmpty()) {
      return true;
    }
    int o = space.items().ordinal(itemId);
    return o >= 0 && tags.stream().map(t -> space.itemsByTag().getOrDefault(t.toLowerCase(Locale.ROOT), NO_ROWS))
        .anyMatch(rows -> Arrays.binarySearch(rows, o) >= 0);
  }

  @Override
  public String toString() {
    return "ItemFilter[exclude=" + exclude.size() + " ids, tags=" + Arrays.toString(tags.toArray()) + "]";
  }
}
