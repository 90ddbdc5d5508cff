package dev.boostline.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.Boostline;
import dev.boostline.eval.Verdict;
import dev.boostline.registry.AliasMove;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every example main as a user would, on small slices of the sample data (the first rows of
 * adult), and checks what each one says it did against the files it wrote. The examples use only
 * public API; this test calls nothing but their {@code main}.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExamplesTest {
  @TempDir static Path dir;
  static Path train;
  static Path test;

  @BeforeAll
  static void smallData() throws IOException {
    Path data = Examples.dataDir();
    List<String> trainLines = Files.readAllLines(data.resolve("adult/adult_train.csv"));
    List<String> testLines = Files.readAllLines(data.resolve("adult/adult_test.csv"));
    train = Files.write(dir.resolve("adult_train.csv"), trainLines.subList(0, 6001));
    test = Files.write(dir.resolve("adult_test.csv"), testLines.subList(0, 2001));
  }

  private static String run(ThrowingMain main) throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      main.run();
    } finally {
      System.setOut(out);
    }
    String text = buffer.toString(StandardCharsets.UTF_8);
    out.print(text);
    return text;
  }

  @Test
  @Order(1)
  void train_and_score_in_memory() throws Exception {
    Path bundle = dir.resolve("income-model");
    String out =
        run(
            () ->
                TrainAndScore.main(
                    new String[] {train.toString(), test.toString(), bundle.toString()}));
    assertThat(out).contains("trained BINARY on adult_train.csv").contains("scored 2000 rows");
    assertThat(bundle.resolve("MLmodel")).exists();
    assertThat(bundle.resolve("model.ubj")).exists();
  }

  @Test
  @Order(2)
  void embed_a_scorer_in_a_plain_java_service() throws Exception {
    Path bundle = dir.resolve("income-model");
    String out = run(() -> EmbeddedScorer.main(new String[] {bundle.toString(), test.toString()}));
    assertThat(out)
        .containsPattern("screened 2000 applications on 4 threads in [0-9.]+ s: \\d+ accepted");
    int accepted = Integer.parseInt(out.replaceAll("(?s).*: (\\d+) accepted.*", "$1"));
    assertThat(accepted).isBetween(100, 1900);
  }

  @Test
  @Order(3)
  void champion_and_challengers_against_a_home() throws Exception {
    Path home = dir.resolve("home");
    String out =
        run(
            () ->
                ChampionChallenger.main(
                    new String[] {home.toString(), train.toString(), test.toString()}));
    assertThat(out)
        .contains("income@1 vs no production model: PROMOTE")
        .contains("income@2 vs income@1: REJECT")
        .contains("FAIL primary auc")
        .contains("income@3 vs income@1: PROMOTE")
        .contains("promoted: production is now version 3")
        .contains("scored 2000 rows with income@production (income@3)");
    Boostline b = Boostline.open(home);
    assertThat(b.models().aliases("income")).containsEntry("production", 3);
    List<AliasMove> audit = b.models().history("income");
    assertThat(audit).extracting(m -> m.to().orElseThrow()).containsExactly(1, 3);
    assertThat(b.decisions().latestFor("income", 2).orElseThrow().verdict())
        .isEqualTo(Verdict.REJECT);
    assertThat(Files.readAllLines(home.resolve("scores.csv"))).hasSize(2001);
  }

  @Test
  @Order(4)
  void serve_a_model_from_java() throws Exception {
    Path home = dir.resolve("home");
    String out = run(() -> ServeFromJava.main(new String[] {home.toString()}));
    assertThat(out)
        .contains("POST /v1/models/income/score -> 200")
        .contains("\"version\":3")
        .contains("\"probability\"")
        .contains("boostline_");
  }

  @Test
  @Order(5)
  void versioned_datasets() throws Exception {
    Path home = dir.resolve("datasets-home");
    String out = run(() -> VersionedDatasets.main(new String[] {home.toString()}));
    assertThat(out).contains("registered adult@1 (new) and adult@2 (new)").contains("PSI");
  }

  @Test
  @Order(6)
  void the_pipeline_from_java() throws Exception {
    Path home = dir.resolve("pipeline-home");
    String out =
        run(
            () ->
                PipelineFromJava.main(
                    new String[] {home.toString(), train.toString(), test.toString()}));
    assertThat(out)
        .containsPattern("register-data +DONE +registered adult@1 \\(6000 rows\\)")
        .containsPattern("promote +DONE +income@production: unset -> version 1")
        .containsPattern("run p-\\S+ SUCCEEDED: verdict PROMOTE, production is 1");
    assertThat(home.resolve("income-report.html")).exists();
  }

  @Test
  @Order(7)
  void scheduled_retraining_on_a_folder_promotes_or_rejects_and_says_why() throws Exception {
    Path home = dir.resolve("retraining-home");
    // The months come from the first 6,000 rows of adult: 300, 2,700 and 3,000 rows.
    String out =
        run(
            () ->
                ScheduledRetraining.main(
                    new String[] {home.toString(), train.toString(), test.toString()}));
    assertThat(out)
        .contains("new data: data (" + home.resolve("inbox/2026-01.csv"))
        .contains("adult@1: PROMOTE")
        .contains("adult@2: PROMOTE")
        .contains("adult@3: REJECT")
        .contains("promote: rejected: FAIL primary auc")
        .contains("audit: production unset -> 1")
        .contains("audit: production 1 -> 2");
    assertThat(Boostline.open(home).models().aliases("income")).containsEntry("production", 2);
  }

  @FunctionalInterface
  interface ThrowingMain {
    void run() throws Exception;
  }
}
