package io.affinity.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.store.parquet.ParquetTableReader;
import io.affinity.store.parquet.SnapshotTables;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensImporterTest {
  @TempDir Path tmp;

  private Path src(String name) throws Exception {
    return Files.createDirectories(tmp.resolve(name));
  }

  private static void write(Path file, String text, Charset cs) throws Exception {
    Files.write(file, text.getBytes(cs));
  }

  private static Group item(Path out, String id) {
    return ParquetTableReader.readAll(out.resolve("items")).stream()
        .filter(g -> g.getString("item_id", 0).equals(id)).findFirst().orElseThrow();
  }

  @Test
  void csv_layout_with_crlf_quoted_titles_and_tags() throws Exception {
    Path s = src("ml-latest-small");
    write(s.resolve("ratings.csv"), "userId,movieId,rating,timestamp\r\n1,1,4.0,964982703\r\n"
        + "1,3,4.5,964981247\r\n2,1,3.0,964982224\r\n", StandardCharsets.UTF_8);
    write(s.resolve("movies.csv"), "movieId,title,genres\r\n1,Toy Story (1995),Adventure|Animation\r\n"
        + "3,\"American President, The (1995)\",Comedy|Drama|Romance\r\n"
        + "4,\"Quote \"\"Me\"\" (2001)\",(no genres listed)\r\n", StandardCharsets.UTF_8);
    write(s.resolve("tags.csv"), "userId,movieId,tag,timestamp\r\n2,1,pixar,1445714994\r\n"
        + "2,1,fun,1445714996\r\n1,1,pixar,1445714997\r\n", StandardCharsets.UTF_8);
    Path out = tmp.resolve("out");
    ImportReport r = MovieLensImporter.importDir(s, out);
    assertEquals(MovieLensLayout.CSV, r.layout());
    assertEquals(3, r.interactions());
    assertEquals(3, r.items());
    assertEquals(0, r.rejectedTotal());
    List<Group> rows = ParquetTableReader.readAll(out.resolve("interactions"));
    Group first = rows.get(0);
    assertEquals("1", first.getString("user_id", 0));
    assertEquals("1", first.getString("item_id", 0));
    assertEquals("rating", first.getString("event_type", 0));
    assertEquals(4.0, first.getDouble("weight", 0));
    assertEquals(964982703L * 1_000_000L, first.getLong("ts", 0));
    assertEquals("American President, The (1995)", item(out, "3").getString("title", 0));
    assertEquals("Quote \"Me\" (2001)", item(out, "4").getString("title", 0));
    assertEquals(List.of(), SnapshotTables.strings(item(out, "4"), "tags"));
    Group toy = item(out, "1");
    assertEquals(List.of("Adventure", "Animation"), SnapshotTables.strings(toy, "tags"));
    assertEquals("pixar, fun", toy.getString("text", 0));
  }

  @Test
  void dat_layout_reads_latin1_titles() throws Exception {
    Path s = src("ml-1m");
    write(s.resolve("ratings.dat"), "1::1193::5::978300760\n1::661::3::978302109\n", StandardCharsets.UTF_8);
    write(s.resolve("movies.dat"), "1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n"
        + "661::Misérables, Les (1995)::Drama|Musical\n", StandardCharsets.ISO_8859_1);
    Path out = tmp.resolve("out");
    ImportReport r = MovieLensImporter.importDir(s, out);
    assertEquals(MovieLensLayout.DAT, r.layout());
    assertEquals(2, r.interactions());
    assertEquals("Misérables, Les (1995)", item(out, "661").getString("title", 0));
    assertEquals(List.of("Drama", "Musical"), SnapshotTables.strings(item(out, "661"), "tags"));
  }

  @Test
  void ml100k_layout_reads_tab_data_and_pipe_items_with_genre_flags() throws Exception {
    Path s = src("ml-100k");
    write(s.resolve("u.data"), "196\t242\t3\t881250949\r\n186\t302\t3\t891717742\r\n", StandardCharsets.UTF_8);
    String flags = "|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0";
    write(s.resolve("u.item"), "242|Kolya (1996)|24-Jan-1997||http://x" + flags + "\r\n"
        + "302|Café au lait (1993)|01-Jan-1993||http://y" + flags + "\r\n", StandardCharsets.ISO_8859_1);
    Path out = tmp.resolve("out");
    ImportReport r = MovieLensImporter.importDir(s, out);
    assertEquals(MovieLensLayout.ML100K, r.layout());
    assertEquals(2, r.interactions());
    assertEquals("Café au lait (1993)", item(out, "302").getString("title", 0));
    assertEquals(List.of("Animation", "Children's", "Comedy"), SnapshotTables.strings(item(out, "242"), "tags"));
  }

  @Test
  void malformed_lines_are_counted_by_reason_and_quarantined_with_line_numbers() throws Exception {
    Path s = src("bad");
    write(s.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n"
        + "1,2,four,964982703\n" + "1,3\n" + ",4,3.0,964982703\n" + "1,5,3.0,yesterday\n"
        + "1,6,-1,964982703\n" + "2,7,5.0,964982703\n", StandardCharsets.UTF_8);
    Path out = tmp.resolve("out");
    ImportReport r = MovieLensImporter.importDir(s, out);
    assertEquals(2, r.interactions());
    assertEquals(Map.of("bad_rating", 2L, "expected_4_fields_got_2", 1L, "empty_id", 1L,
        "bad_timestamp", 1L), r.rejected());
    List<String> q = Files.readAllLines(r.quarantine());
    assertEquals("file\tline\treason\traw", q.get(0));
    assertEquals("ratings.csv\t3\tbad_rating\t1,2,four,964982703", q.get(1));
    assertEquals(6, q.size());
  }

  @Test
  void unknown_layout_and_non_empty_output_are_clear_errors() throws Exception {
    Path s = src("empty");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MovieLensImporter.importDir(s, tmp.resolve("o")));
    assertTrue(e.getMessage().contains("ratings.csv"), e.getMessage());
    write(s.resolve("u.data"), "1\t2\t3\t4\n", StandardCharsets.UTF_8);
    Path out = tmp.resolve("o2");
    Files.createDirectories(out.resolve("interactions"));
    Files.writeString(out.resolve("interactions/part-00000.parquet"), "x");
    IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
        () -> MovieLensImporter.importDir(s, out));
    assertTrue(e2.getMessage().contains("already holds data"), e2.getMessage());
  }

  @Test
  void parse_rating_rejects_nan_and_negative() {
    assertNull(MovieLensImporter.parseRating(List.of("1", "2", "NaN", "5")));
    assertNull(MovieLensImporter.parseRating(List.of("1", "2", "-0.5", "5")));
    assertEquals(4.5, MovieLensImporter.parseRating(List.of("1", "2", "4.5", "5")).weight());
  }
}
