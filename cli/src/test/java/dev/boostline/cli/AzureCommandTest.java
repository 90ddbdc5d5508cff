package dev.boostline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boostline.azure.testing.AzureDoubles;
import dev.boostline.testing.DebianPython;
import dev.boostline.testing.TestData;
import dev.boostline.util.internal.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code boostline azure push, deploy, invoke, pull} as a new user types them, against Azure on
 * loopback (Azurite, the fake ARM endpoint, Prism validating every ARM request against Microsoft's
 * spec): the deployed endpoint answers what {@code boostline score} answers, and the pulled version
 * scores identically.
 */
@Tag("slow")
class AzureCommandTest {
  @TempDir Path home;
  @TempDir Path files;

  @Test
  void push_deploy_invoke_and_pull_from_the_command_line() throws Exception {
    DebianPython.require();
    try (AzureDoubles azure = AzureDoubles.start()) {
      System.setProperty("boostline.azure.token", "test-token");
      try {
        run(azure, home, files);
      } finally {
        System.clearProperty("boostline.azure.token");
      }
    }
  }

  private static CliRunner.Run ok(Path home, String... args) {
    CliRunner.Run r = CliRunner.run(home, args);
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    return r;
  }

  private static void run(AzureDoubles azure, Path home, Path files) throws Exception {
    Path train = files.resolve("train.csv");
    Path holdout = files.resolve("holdout.csv");
    List<String> lines = Files.readAllLines(TestData.file("adult/adult_train.csv"));
    Files.write(train, lines.subList(0, 2001));
    List<String> held = new ArrayList<>(List.of(lines.get(0)));
    held.addAll(lines.subList(30000, 30100));
    Files.write(holdout, held);
    ok(home, "dataset", "add", "adult", train.toString());
    CliRunner.Run t =
        ok(
            home,
            "train",
            "--dataset",
            "adult",
            "--target",
            "income",
            "--rounds",
            "40",
            "--early-stopping",
            "3",
            "--param",
            "eta=0.8",
            "--json");
    String runId = Json.mapper().readTree(t.out()).path("runId").asText();
    ok(home, "models", "register", runId, "--name", "income");

    List<String> where =
        List.of(
            "--subscription",
            "sub-1",
            "--resource-group",
            "rg-1",
            "--arm-endpoint",
            azure.prism.url(),
            "--storage-endpoint",
            azure.arm.url() + "/{account}");
    List<String> push = new ArrayList<>(List.of("azure", "push", "income@1"));
    push.addAll(where);
    push.addAll(List.of("--workspace", "ws-1"));
    CliRunner.Run pushed = ok(home, push.toArray(String[]::new));
    assertThat(pushed.out()).startsWith("pushed income@1 as income version 1 in workspace ws-1");
    CliRunner.Run again = ok(home, push.toArray(String[]::new));
    assertThat(again.out()).startsWith("already pushed: income version 1");

    List<String> deploy =
        new ArrayList<>(List.of("azure", "deploy", "income@1", "--workspace", "ws-1"));
    deploy.addAll(where);
    deploy.addAll(List.of("--endpoint", "income-ep", "--location", "westeurope"));
    CliRunner.Run deployed = ok(home, deploy.toArray(String[]::new));
    assertThat(deployed.out()).contains("scoring URI: " + azure.arm.url() + "/score/income-ep");

    List<String> invoke =
        new ArrayList<>(List.of("azure", "invoke", holdout.toString(), "--workspace", "ws-1"));
    invoke.addAll(where);
    invoke.addAll(List.of("--endpoint", "income-ep", "--model", "income@1", "--json"));
    JsonNode answer = Json.mapper().readTree(ok(home, invoke.toArray(String[]::new)).out());
    assertThat(answer.path("records").asInt()).isEqualTo(100);
    assertThat(answer.path("maxDifference").asDouble()).isLessThanOrEqualTo(1e-6);

    // The endpoint's answers are boostline score's probabilities.
    Path scores = files.resolve("scores.csv");
    ok(home, "score", "income@1", holdout.toString(), "--out", scores.toString());
    List<String> scored = Files.readAllLines(scores);
    int p = List.of(scored.get(0).split(",")).indexOf("probability");
    for (int i = 0; i < 100; i++) {
      double local = Double.parseDouble(scored.get(i + 1).split(",")[p]);
      assertThat(answer.path("predictions").get(i).get(0).asDouble())
          .isCloseTo(local, org.assertj.core.data.Offset.offset(1e-6));
    }

    List<String> pull = new ArrayList<>(List.of("azure", "pull", "income:1", "--as", "back"));
    pull.addAll(where);
    pull.addAll(List.of("--workspace", "ws-1"));
    assertThat(ok(home, pull.toArray(String[]::new)).out()).contains("as back@1");
    Path scoresBack = files.resolve("scores-back.csv");
    ok(home, "score", "back@1", holdout.toString(), "--out", scoresBack.toString());
    assertThat(Files.readAllLines(scoresBack)).isEqualTo(scored);
  }
}
