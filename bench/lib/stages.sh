# Shared by bench/cluster.sh and bench/scale: seconds per stage from the train job's own output.
# Stage lines look like "[   12.3s] stage 4/8: evaluate: ..."; a stage lasts until the next one,
# the last until "done in N s".

# stages LOG: one line per stage, "START_SECONDS NUMBER NAME", then "TOTAL 9 end".
stages() {
  grep -E '^\[ *[0-9.]+s\] stage [0-9]/8|^done in' "$1" \
    | sed -E 's/^\[ *([0-9.]+)s\] stage ([0-9])\/8: ([^:]*).*/\1 \2 \3/; s/^done in ([0-9.]+)s.*/\1 9 end/'
}

# stage_table LOG...: a markdown table, one column of seconds per log (logs of the same command).
stage_table() {
  local n=$#
  local header="| stage |" rule="|---|"
  for f in "$@"; do header="$header $(basename "$f" .log) s |"; rule="$rule---:|"; done
  echo "$header"; echo "$rule"
  local files=()
  for f in "$@"; do local t; t="$(mktemp)"; stages "$f" > "$t"; files+=("$t"); done
  paste -d'|' "${files[@]}" | awk -F'|' -v n="$n" '
    { for (c = 1; c <= n; c++) { split($c, a, " "); t[c, NR] = a[1] }
      name = $1; sub(/^[0-9.]+ /, "", name); sub(/ (from|to|in) \/.*$/, "", name); names[NR] = name }
    END { for (i = 1; i < NR; i++) { line = "| " names[i] " |"
            for (c = 1; c <= n; c++) line = line sprintf(" %.1f |", t[c, i + 1] - t[c, i]); print line }
          line = "| total (job) |"; for (c = 1; c <= n; c++) line = line sprintf(" %.1f |", t[c, NR]); print line }'
  rm -f "${files[@]}"
}

# memory_rows LOG...: peak RSS and the driver's peak live heap (after GC) from each log's "done in" line.
memory_rows() {
  local rss="| peak RSS of the launching JVM (MiB) |" live="| peak live heap after GC (MiB, of -Xmx) |"
  local probed="| peak heap right after a forced full GC every 10 s (MiB) |"
  for f in "$@"; do
    local d; d="$(grep '^done in' "$f" || true)"
    rss="$rss $(echo "$d" | sed -n 's/.*peak RSS \([0-9]*\) MiB.*/\1/p') |"
    live="$live $(echo "$d" | sed -n 's/.*peak live heap \([0-9]*\) of \([0-9]*\) MiB.*/\1 of \2/p') |"
    probed="$probed $(echo "$d" | sed -n 's/.*full collection every [0-9]* s: \([0-9]*\) MiB.*/\1/p') |"
  done
  echo "$rss"; echo "$live"; echo "$probed"
}
