package io.affinity.jobs.gate;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The gate's verdict on a candidate.
 *
 * @param outcome {@code passed}, {@code rejected}, {@code forced} (rejected but {@code --force}),
 *     or {@code skipped} (gate disabled or no evaluation)
 * @param promote whether the candidate may become current
 * @param explanation one sentence for people: the numbers and the rule applied
 * @param record what goes into the manifest's {@code evaluation.gate}
 */
public record GateDecision(String outcome, boolean promote, String explanation, Map<String, Object> record) {

  /** Whether the gate refused the candidate (even if forced through). */
  public boolean refused() {
    return outcome.equals("rejected") || outcome.equals("forced");
  }

  /** A skipped gate. */
  public static GateDecision skipped(String reason) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("outcome", "skipped");
    r.put("reason", reason);
    return new GateDecision("skipped", true, "gate skipped: " + reason, r);
  }

  /**
   * Applies the rule: the candidate passes when there is no incumbent value to beat, or when
   * {@code candidate >= incumbent * (1 - tolerance)}. A candidate with no value (NaN) never passes
   * against an incumbent that has one.
   */
  public static GateDecision decide(GateSpec spec, double candidate, Incumbent incumbent) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("metric", spec.metric());
    r.put("tolerance", spec.tolerance());
    r.put("candidate", Double.isNaN(candidate) ? null : candidate);
    r.put("incumbentSnapshot", incumbent.snapshotId());
    r.put("incumbent", Double.isNaN(incumbent.value()) ? null : incumbent.value());
    r.put("method", incumbent.method());
    r.put("note", incumbent.note());
    String outcome;
    String why;
    if (incumbent.snapshotId() == null || Double.isNaN(incumbent.value())) {
      if (incumbent.snapshotId() != null && !spec.force()) {
        outcome = "rejected";
        why = String.format(Locale.ROOT, "cannot compare with current snapshot %s (%s); rerun with --force to"
            + " publish anyway", incumbent.snapshotId(), incumbent.note());
      } else {
        outcome = incumbent.snapshotId() == null ? "passed" : "forced";
        why = incumbent.note();
      }
    } else {
      double floor = incumbent.value() * (1 - spec.tolerance());
      boolean ok = candidate >= floor;
      outcome = ok ? "passed" : spec.force() ? "forced" : "rejected";
      why = String.format(Locale.ROOT, "%s: candidate %.4f vs current snapshot %s %.4f (%s); needs >= %.4f"
          + " (%.1f%% tolerance)%s", spec.metric(), candidate, incumbent.snapshotId(), incumbent.value(),
          incumbent.method(), floor, spec.tolerance() * 100,
          ok ? "" : spec.force() ? "; published anyway because of --force" : "; not promoted");
    }
    r.put("outcome", outcome);
    r.put("reason", why);
    return new GateDecision(outcome, !outcome.equals("rejected"), why, r);
  }
}
