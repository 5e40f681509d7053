package io.affinity.jobs.train;

import io.affinity.jobs.util.Progress;
import java.util.Locale;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.SparkSession;

/**
 * The train job's stage 6: the ALS vectors the snapshot publishes ({@link FinalFit}): a fit on
 * all data, or the evaluated fit with every user who held out pairs re-solved on all of them
 * ({@link UserFoldIn}).
 */
final class FinalVectors {
  private final AlsFactors factors;
  private final Runnable release;
  private final String description;

  private FinalVectors(AlsFactors factors, Runnable release, String description) {
    this.factors = factors;
    this.release = release;
    this.description = description;
  }

  /** The vectors to publish. */
  AlsFactors factors() {
    return factors;
  }

  /** Where they came from, for the manifest's evaluation protocol ({@code fit}). */
  String describe() {
    return description;
  }

  /** Unpersists what computing them cached. */
  void release() {
    release.run();
  }

  /**
   * Fits on all data, or folds the evaluated users into the evaluated fit when the evaluation kept
   * it ({@code evaluated.evaluated()} non-null).
   *
   * @param evaluated the evaluation's outcome, null without an evaluation; its split must not be
   *     released yet
   */
  static FinalVectors of(SparkSession spark, TrainConfig cfg, IndexedInteractions ix, EvaluationStage.Outcome evaluated,
      Progress progress) {
    AlsParams p = cfg.als();
    if (evaluated == null || evaluated.evaluated() == null) {
      progress.stage(String.format(Locale.ROOT, "fit ALS on all data: rank %d, regParam %s, alpha %s, %d iterations",
          p.rank(), p.regParam(), p.alpha(), p.maxIter()));
      Als.Fitted fit = Als.fit(p, spark, ix.indexed());
      String why = evaluated == null ? "" : cfg.finalFit() == FinalFit.REFIT ? " (--final-fit refit)"
          : " (--final-fit auto: every eligible user held out pairs)";
      return new FinalVectors(AlsFactors.of(fit.model()), fit::release, "metrics come from a model fit on the train"
          + " side with the same parameters; the published vectors are refit on all data" + why);
    }
    progress.stage(String.format(Locale.ROOT, "fold the evaluated users into the evaluated ALS model (--final-fit %s):"
        + " each re-solved on all of its pairs against the evaluated item vectors", cfg.finalFit().flag()));
    Als.Fitted fit = evaluated.evaluated();
    ALSModel m = fit.model();
    UserFoldIn.Result r;
    try {
      r = UserFoldIn.refresh(spark, p, m.userFactors(), m.itemFactors(), ix.indexed(),
          evaluated.split().test().select("u").distinct(), ix.numItems());
    } catch (RuntimeException e) {
      fit.release();
      throw e;
    }
    long withVectors = m.itemFactors().count();
    long without = ix.numItems() - withVectors;
    progress.info("%s users re-solved on all their pairs; %s of %s items have vectors (%s seen only in held-out pairs"
        + " have none)", Progress.count(r.refreshed()), Progress.count(withVectors), Progress.count(ix.numItems()),
        Progress.count(without));
    String text = String.format(Locale.ROOT, "the published item vectors are the evaluated model's (fit on the train"
        + " side, so the metrics describe them; the testPairs are missing from them); each of the %d users who held"
        + " out pairs was re-solved on all of its pairs against them (the ALS user update), every other user's"
        + " vector is the evaluated model's, solved on all of its pairs; %d items seen only in held-out pairs have"
        + " no vector (--final-fit %s)", r.refreshed(), without, cfg.finalFit().flag());
    return new FinalVectors(new AlsFactors(r.users(), m.itemFactors(), m.rank()), () -> {
      r.releaseAll();
      fit.release();
    }, text);
  }
}
