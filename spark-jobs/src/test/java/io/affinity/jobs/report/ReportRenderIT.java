package io.affinity.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.jobs.generate.GeneratorConfig;
import io.affinity.jobs.generate.SyntheticGenerator;
import io.affinity.jobs.testing.Chromium;
import io.affinity.jobs.testing.LocalSpark;
import io.affinity.jobs.train.AlsParams;
import io.affinity.jobs.train.TrainConfig;
import io.affinity.jobs.train.TrainJob;
import io.affinity.jobs.util.Progress;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real snapshot's report.html rendered by headless Chromium from a file URL (offline): the inline
 * script runs without error and draws every chart with as many marks as the metrics say, and the
 * page is painted.
 */
class ReportRenderIT {
  @TempDir Path tmp;

  @Test
  void the_report_draws_every_chart_offline() throws Exception {
    Chromium.binary();
    Path data = tmp.resolve("gen");
    new SyntheticGenerator(GeneratorConfig.of(300, 600, 9_000, 11)).write(data);
    TrainConfig cfg = TrainConfig.defaults(data.resolve("interactions").toString(), data.resolve("items").toString(),
        tmp.resolve("store")).withAls(new AlsParams(8, 0.1, 0.3, 5, 42));
    String id = TrainJob.run(LocalSpark.get(), cfg, new Progress(System.out, TrainJob.STAGES)).manifest().snapshotId();
    Path dir = tmp.resolve("store/snapshots").resolve(id);
    Path report = dir.resolve(MetricsReport.REPORT_FILE);
    String html = Files.readString(report);
    assertFalse(Pattern.compile("(src|href)\\s*=\\s*[\"']?https?:").matcher(html).find(), "no external resources");
    JsonNode metrics = new ObjectMapper().readTree(dir.resolve(MetricsReport.METRICS_FILE).toFile());
    int models = metrics.get("models").size();
    int segments = metrics.get("segments").size();
    assertEquals(3, models);
    assertTrue(segments >= 2, "activity buckets: " + metrics.get("segments"));

    Path work = Files.createDirectories(tmp.resolve("chromium"));
    String dom = Chromium.dumpDom(report, work);
    assertTrue(dom.contains("data-rendered=\"ok\""), "the script ran to the end without an error: "
        + (dom.contains("data-rendered") ? dom.substring(dom.indexOf("data-rendered"), dom.indexOf("data-rendered") + 200) : "no marker"));
    assertEquals(models * 6, marks(dom, "chart-accuracy"), "one bar per model and accuracy metric");
    assertEquals(models, marks(dom, "chart-precision"), "one line per model");
    assertEquals(models, marks(dom, "chart-recall"));
    assertEquals(models * 5, marks(dom, "chart-beyond"), "coverage, gini, popularity, tag and embedding diversity");
    assertEquals(models * 10, marks(dom, "chart-exposure"), "one bar per model and popularity decile");
    assertEquals(1, marks(dom, "chart-longtail"));
    assertEquals(models * segments, marks(dom, "chart-segments"));
    assertTrue(dom.contains("<table>") && dom.contains(id), "tables and the snapshot id are on the page");

    Path shot = Chromium.screenshot(report, work, 1200, 1600);
    // Kept for people to look at: target/report-render/{report.html,report.png}.
    Path keep = Files.createDirectories(Path.of("target", "report-render"));
    Files.copy(report, keep.resolve("report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(shot, keep.resolve("report.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    BufferedImage png = ImageIO.read(shot.toFile());
    int blue = 0;
    for (int y = 0; y < png.getHeight(); y++) {
      for (int x = 0; x < png.getWidth(); x++) {
        if ((png.getRGB(x, y) & 0xffffff) == 0x2f6fdf) {
          blue++;
        }
      }
    }
    assertTrue(blue > 500, "the first model's bars are painted in the screenshot: " + blue + " pixels");
  }

  private static int marks(String dom, String chart) {
    Matcher m = Pattern.compile("id=\"" + chart + "\"[^>]*data-marks=\"(\\d+)\"").matcher(dom);
    assertTrue(m.find(), chart + " has no data-marks: it was not drawn");
    return Integer.parseInt(m.group(1));
  }
}
