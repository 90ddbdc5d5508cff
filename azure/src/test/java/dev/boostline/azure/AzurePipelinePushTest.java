package dev.boostline.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.Boostline;
import dev.boostline.azure.testing.AzureDoubles;
import dev.boostline.pipeline.Pipeline;
import dev.boostline.pipeline.PipelineFileException;
import dev.boostline.pipeline.PipelineRun;
import dev.boostline.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline file's {@code push: {to: azure}} step against the loopback doubles (Azurite, the fake
 * ARM endpoint behind Prism): the promoted model is pushed and deployed, a re-run publishes nothing
 * twice, and bad settings are errors naming the file and line.
 */
@Tag("slow")
class AzurePipelinePushTest {
  private static AzureDoubles azure;
  @TempDir static Path data;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws IOException {
    azure = AzureDoubles.start();
    System.setProperty(AzureMlOptions.TOKEN_PROPERTY, "test-token");
    List<String> train = Files.readAllLines(TestData.file("adult/adult_train.csv"));
    List<String> test = Files.readAllLines(TestData.file("adult/adult_test.csv"));
    Files.write(data.resolve("train.csv"), train.subList(0, 2001));
    Files.write(data.resolve("test.csv"), test.subList(0, 1001));
  }

  @AfterAll
  static void stop() {
    System.clearProperty(AzureMlOptions.TOKEN_PROPERTY);
    if (azure != null) {
      azure.close();
    }
  }

  private Path pipeline(String push) {
    return TestData.write(
        dir,
        "income.yaml",
        """
        version: 1
        data: {dataset: adult, file: %s}
        evaluation: {dataset: adult-test, file: %s}
        features: {target: income}
        training: {rounds: 10, seed: 1}
        model: {name: income, description: Pre-screens applications}
        push:
          to: azure
        %s
        """
            .formatted(data.resolve("train.csv"), data.resolve("test.csv"), push.indent(2)));
  }

  private String endpoints() {
    return "armEndpoint: "
        + azure.prism.url()
        + "\nstorageEndpoint: "
        + azure.arm.url()
        + "/{account}\n";
  }

  @Test
  void the_promoted_model_is_pushed_and_deployed_once() {
    Boostline home = Boostline.open(dir.resolve("home"));
    Path file =
        pipeline(
            "subscription: sub-1\nresourceGroup: rg-1\nworkspace: ws-1\nazureName: income-pipeline\n"
                + endpoints()
                + "deploy: {endpoint: income-pipe, location: westeurope}\n");
    PipelineRun run = Pipeline.read(file).run(home);
    assertThat(run.status()).isEqualTo(PipelineRun.Status.SUCCEEDED);
    PipelineRun.Step push = run.step(Pipeline.PUSH).orElseThrow();
    assertThat(push.status()).isEqualTo(PipelineRun.StepStatus.DONE);
    assertThat(push.outputs())
        .containsEntry("azureName", "income-pipeline")
        .containsEntry("azureVersion", "1")
        .containsEntry("outcome", "CREATED")
        .containsEntry("endpoint", "income-pipe")
        .containsKey("scoringUri");
    assertThat(push.message()).startsWith("published income@1 to Azure ML ");
    String versionPath =
        AzureMlTarget.workspace("sub-1", "rg-1", "ws-1").versionPath("income-pipeline", "1");
    assertThat(azure.arm.resource(versionPath).path("properties").path("modelType").asText())
        .isEqualTo("mlflow_model");

    // The same inputs again: the version is already there with the same bundle.
    PipelineRun again = Pipeline.read(file).run(home);
    assertThat(again.step(Pipeline.PUSH).orElseThrow().outputs())
        .containsEntry("outcome", "ALREADY_PUSHED");
  }

  @Test
  void bad_push_settings_are_errors_with_the_line() {
    assertThatThrownBy(
            () ->
                Pipeline.read(
                    pipeline("subscription: s\nresourceGroup: g\nworkspace: w\nwrkspace: x\n")))
        .isInstanceOf(PipelineFileException.class)
        .hasMessageContaining("income.yaml line 8, push: push.wrkspace: unknown setting");
    assertThatThrownBy(() -> Pipeline.read(pipeline("subscription: s\nresourceGroup: g\n")))
        .hasMessageContaining("push: give exactly one of workspace and registry");
    assertThatThrownBy(
            () ->
                Pipeline.read(
                    pipeline(
                        "subscription: s\nresourceGroup: g\nregistry: shared\n"
                            + "deploy: {endpoint: e1x}\n")))
        .hasMessageContaining("a registry cannot deploy");
  }
}
