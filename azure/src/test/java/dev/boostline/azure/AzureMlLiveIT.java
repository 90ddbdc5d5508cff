package dev.boostline.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.boostline.model.ModelBundle;
import dev.boostline.model.Scorer;
import dev.boostline.testing.TestModels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Push and pull against a real Azure ML workspace. Never runs in CI: it runs only when {@code
 * BOOSTLINE_AZURE_LIVE=1} and the workspace is named by {@code BOOSTLINE_AZURE_SUBSCRIPTION},
 * {@code BOOSTLINE_AZURE_RESOURCE_GROUP} and {@code BOOSTLINE_AZURE_WORKSPACE}, signing in with
 * DefaultAzureCredential (e.g. after {@code az login}). It registers {@code boostline-live-test}
 * version {@code <epoch seconds>} in that workspace (delete it afterwards if you wish). See the
 * azure README.
 */
@Tag("slow")
class AzureMlLiveIT {
  @Test
  void pushes_to_and_pulls_from_a_real_workspace() {
    assumeTrue(
        "1".equals(System.getenv("BOOSTLINE_AZURE_LIVE")),
        "live Azure test: set BOOSTLINE_AZURE_LIVE=1 and BOOSTLINE_AZURE_SUBSCRIPTION,"
            + " BOOSTLINE_AZURE_RESOURCE_GROUP, BOOSTLINE_AZURE_WORKSPACE");
    AzureMlTarget ws =
        AzureMlTarget.workspace(
            System.getenv("BOOSTLINE_AZURE_SUBSCRIPTION"),
            System.getenv("BOOSTLINE_AZURE_RESOURCE_GROUP"),
            System.getenv("BOOSTLINE_AZURE_WORKSPACE"));
    AzureMl azure = AzureMl.create(AzureMlOptions.defaults());
    ModelBundle bundle = TestModels.adult(5, 1);
    String version = Long.toString(System.currentTimeMillis() / 1000);
    PushResult r =
        azure.push(PushRequest.builder(ws, bundle, "boostline-live-test", version).build());
    assertThat(r.outcome()).isEqualTo(PushResult.Outcome.CREATED);
    assertThat(
            azure
                .push(PushRequest.builder(ws, bundle, "boostline-live-test", version).build())
                .outcome())
        .isEqualTo(PushResult.Outcome.ALREADY_PUSHED);
    ModelBundle back = azure.pull(ws, "boostline-live-test", version);
    var rows = TestModels.adultSample().table().inRange(0, 100);
    try (Scorer a = bundle.open();
        Scorer b = back.open()) {
      assertThat(b.outputs(rows)).isDeepEqualTo(a.outputs(rows));
    }
  }
}
