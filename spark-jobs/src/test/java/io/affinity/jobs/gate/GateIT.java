package io.affinity.jobs.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.cli.AffinityJobs;
import io.affinity.jobs.eval.SplitSpec;
import io.affinity.jobs.generate.GeneratorConfig;
import io.affinity.jobs.generate.SyntheticGenerator;
import io.affinity.jobs.testing.LocalSpark;
import io.affinity.jobs.train.AlsParams;
import io.affinity.jobs.train.TrainConfig;
import io.affinity.jobs.train.TrainJob;
import io.affinity.jobs.train.TrainResult;
import io.affinity.jobs.util.Progress;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.read.SnapshotStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metric gate on real Spark: a deliberately worse model is refused (exit code 3 from the CLI,
 * the current snapshot untouched, the candidate stored but not current), {@code --force} overrides,
 * and a better model passes, also when the protocol changed and the incumbent must be refit.
 */
class GateIT {
  private static final AlsParams GOOD = new AlsParams(16, 0.1, 0.3, 8, 42);
  private static final AlsParams BAD = new AlsParams(1, 100.0, 0.3, 1, 42);
  @TempDir Path tmp;

  private static TrainResult train(TrainConfig cfg) {
    return TrainJob.run(LocalSpark.get(), cfg, new Progress(System.out, TrainJob.STAGES));
  }

  @Test
  void refuses_a_worse_model_accepts_a_better_one_and_force_overrides() {
    Path data = tmp.resolve("gen");
    new SyntheticGenerator(GeneratorConfig.of(400, 800, 15_000, 3)).write(data);
    String log = data.resolve("interactions").toString();
    Path storeDir = tmp.resolve("store");
    SnapshotStore store = new SnapshotStore(storeDir);
    TrainConfig base = TrainConfig.defaults(log, null, storeDir).withAls(GOOD).withGate(new GateSpec(true, "ndcg@10", 0.01, false));

    TrainResult a = train(noAnn(base));
    assertEquals("passed", a.gate().outcome());
    String current = a.manifest().snapshotId();

    // The CLI: a much worse model, same protocol and data -> recorded metric, refused, exit code 3.
    int code = AffinityJobs.commandLine().execute("train", "--interactions", log, "--store", storeDir.toString(),
        "--master", "local[2]", "--rank", "1", "--reg-param", "100", "--max-iter", "1", "--no-ann");
    assertEquals(3, code, "the gate's exit code");
    assertEquals(current, store.current().orElseThrow(), "the current snapshot is untouched");
    List<String> ids = store.list();
    assertEquals(2, ids.size(), "the refused candidate is stored: " + ids);
    Manifest refused = store.manifest(ids.get(1));
    assertEquals("rejected", refused.evaluation().gate().get("outcome"));
    assertEquals("recorded", refused.evaluation().gate().get("method"));
    assertTrue((Double) refused.evaluation().gate().get("candidate") < (Double) refused.evaluation().gate().get("incumbent"));

    TrainResult forced = train(noAnn(base.withAls(BAD).withGate(new GateSpec(true, "ndcg@10", 0.01, true))));
    assertEquals("forced", forced.gate().outcome());
    assertTrue(forced.promoted());
    assertEquals(forced.manifest().snapshotId(), store.current().orElseThrow());

    // A better model on another protocol: the incumbent's parameters are refit on the same split.
    TrainResult better = train(noAnn(base.withSplit(SplitSpec.leaveLastOut())));
    assertEquals("passed", better.gate().outcome(), better.gate().explanation());
    assertEquals("refit", better.gate().record().get("method"));
    assertTrue(better.promoted());
    assertEquals(better.manifest().snapshotId(), store.current().orElseThrow());
    assertTrue((Double) better.gate().record().get("candidate") > (Double) better.gate().record().get("incumbent"));
    assertFalse(better.gate().refused());
  }

  private static TrainConfig noAnn(TrainConfig c) {
    return new TrainConfig(c.interactions(), c.items(), c.store(), c.als(), c.eventWeights(), c.evaluate(), c.split(),
        c.k(), c.promote(), c.quarantine(), false, c.users(), c.gate(), c.sequence(), c.content());
  }
}
