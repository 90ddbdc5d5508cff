package dev.boostline.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.boostline.azure.testing.AzureDoubles;
import dev.boostline.azure.testing.FakeArm;
import dev.boostline.common.ConflictException;
import dev.boostline.model.ModelBundle;
import dev.boostline.model.Scorer;
import dev.boostline.registry.ModelRef;
import dev.boostline.testing.DebianPython;
import dev.boostline.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push, pull, deploy and invoke against Azure on loopback: Azurite, the fake ARM endpoint, and
 * Prism validating every ARM request against Microsoft's 2025-09-01 spec.
 */
@Tag("slow")
class AzureMlPushTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static AzureDoubles azure;
  private static final AtomicInteger VERSIONS = new AtomicInteger();
  @TempDir Path tmp;

  private final AzureMlTarget workspace = AzureMlTarget.workspace("sub-1", "rg-1", "ws-1");
  private final AzureMlTarget registry = AzureMlTarget.registry("sub-1", "rg-1", "shared-reg");

  @BeforeAll
  static void startAzure() {
    azure = AzureDoubles.start();
  }

  @AfterAll
  static void stopAzure() {
    if (azure != null) {
      azure.close();
    }
  }

  @BeforeEach
  void clear() {
    azure.arm.clearLog();
    azure.arm.failBlocksAfter(-1);
  }

  private static ModelBundle bundle() {
    return TestModels.adultEarlyStopped(60, 4);
  }

  private static String nextVersion() {
    return Integer.toString(VERSIONS.incrementAndGet());
  }

  private AzureMl azureMl() {
    return AzureMl.create(azure.options().build());
  }

  private PushResult push(AzureMlTarget target, ModelBundle bundle, String version) {
    return azureMl()
        .push(
            PushRequest.builder(target, bundle, "income", version)
                .source(ModelRef.of("income", 1))
                .build());
  }

  @Test
  void pushes_to_a_workspace_a_valid_mlflow_model_directory() throws Exception {
    ModelBundle bundle = bundle();
    String v = nextVersion();
    PushResult r = push(workspace, bundle, v);
    assertThat(r.outcome()).isEqualTo(PushResult.Outcome.CREATED);
    assertThat(r.modelUri())
        .startsWith(
            "azureml://subscriptions/sub-1/resourcegroups/rg-1/workspaces/ws-1/datastores/"
                + "workspaceblobstore/paths/LocalUpload/"
                + r.bundleSha256()
                + "/model");
    assertThat(r.assetId()).endsWith("/workspaces/ws-1/models/income/versions/" + v);
    // Every ARM call went through Prism (a violation would have failed the push with 422).
    assertThat(azure.arm.requests())
        .anyMatch(q -> q.startsWith("PUT /subscriptions/sub-1/") && q.endsWith("/versions/" + v));

    JsonNode version = azure.arm.resource(workspace.versionPath("income", v));
    JsonNode props = version.path("properties");
    assertThat(props.path("modelType").asText()).isEqualTo("mlflow_model");
    assertThat(props.path("properties").path(AzureMl.SHA_PROPERTY).asText())
        .isEqualTo(r.bundleSha256());
    assertThat(props.path("tags").path("dataset").asText()).isEqualTo("test@1");
    assertThat(props.path("tags").path("valid.logloss").asText()).isNotEmpty();
    assertThat(props.path("tags").path("boostline.source").asText()).isEqualTo("income@1");

    // The folder in Azurite is a valid MLflow model directory.
    Path dir = download(r.bundleSha256(), tmp.resolve("pushed"));
    JsonNode mlmodel = new YAMLMapper().readTree(dir.resolve("MLmodel").toFile());
    assertThat(mlmodel.path("flavors").path("python_function").path("loader_module").asText())
        .isEqualTo("boostline_pyfunc");
    assertThat(dir.resolve("code/boostline_pyfunc.py")).isRegularFile();
    List<String> signature = new ArrayList<>();
    JSON.readTree(mlmodel.path("signature").path("inputs").asText())
        .forEach(c -> signature.add(c.path("name").asText()));
    assertThat(signature).isEqualTo(bundle.manifest().features().requiredColumns());
    ModelBundle back = ModelBundle.read(dir);
    assertThat(back.modelRounds()).isEqualTo(bundle.manifest().bestIteration() + 1);
  }

  private Path download(String sha, Path dir) throws Exception {
    BlobContainerClient c =
        azure.azurite.client().getBlobContainerClient(FakeArm.DATASTORE_CONTAINER);
    String prefix = "LocalUpload/" + sha + "/model/";
    for (BlobItem item : c.listBlobs(new ListBlobsOptions().setPrefix(prefix), null)) {
      Path target = dir.resolve(item.getName().substring(prefix.length()));
      Files.createDirectories(target.getParent());
      c.getBlobClient(item.getName()).downloadToFile(target.toString(), true);
    }
    return dir;
  }

  @Test
  void pushes_to_a_registry_through_a_pending_upload_and_a_long_running_put() {
    String v = nextVersion();
    PushResult r = push(registry, bundle(), v);
    assertThat(r.outcome()).isEqualTo(PushResult.Outcome.CREATED);
    assertThat(r.assetId())
        .isEqualTo("azureml://registries/shared-reg/models/income/versions/" + v);
    assertThat(r.modelUri()).contains("/registry-shared-reg/").endsWith("/model");
    List<String> log = azure.arm.requests();
    assertThat(log).anyMatch(q -> q.endsWith("/versions/" + v + "/startPendingUpload"));
    assertThat(log).anyMatch(q -> q.startsWith("GET /operations/"));
    assertThat(
            azure
                .arm
                .resource(registry.versionPath("income", v))
                .path("properties")
                .path("modelUri")
                .asText())
        .isEqualTo(r.modelUri());
  }

  @Test
  void pushing_the_same_version_twice_uploads_nothing_the_second_time() {
    String v = nextVersion();
    PushResult first = push(workspace, bundle(), v);
    azure.arm.clearLog();
    PushResult second = push(workspace, bundle(), v);
    assertThat(second.outcome()).isEqualTo(PushResult.Outcome.ALREADY_PUSHED);
    assertThat(second.bundleSha256()).isEqualTo(first.bundleSha256());
    assertThat(azure.arm.requests())
        .containsExactly(
            "GET " + workspace.versionPath("income", v)); // one look, no upload, no PUT
  }

  @Test
  void a_version_holding_another_bundle_is_a_conflict_naming_both_hashes() {
    String v = nextVersion();
    PushResult first = push(workspace, bundle(), v);
    ModelBundle other = TestModels.adult(5, 2);
    assertThatThrownBy(() -> push(workspace, other, v))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("income version " + v + " already exists")
        .hasMessageContaining(first.bundleSha256())
        .hasMessageContaining("--azure-version");
  }

  @Test
  void a_503_then_success_is_retried_honouring_retry_after() {
    String v = nextVersion();
    azure.arm.fail("/datastores", 1, 503, "1");
    azure.arm.fail("/versions/" + v, 1, 429, "1");
    long start = System.nanoTime();
    PushResult r = push(workspace, bundle(), v);
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.outcome()).isEqualTo(PushResult.Outcome.CREATED);
    assertThat(azure.arm.requests().stream().filter(q -> q.contains("/datastores")).count())
        .isGreaterThanOrEqualTo(2);
    assertThat(ms).as("two Retry-After: 1 waits").isGreaterThanOrEqualTo(2000);
  }

  @Test
  void azure_error_code_and_message_are_shown() {
    String v = nextVersion();
    azure.arm.failWithError(
        "/versions/" + v, 400, "UserError", "Model name contains invalid characters.");
    assertThatThrownBy(() -> push(workspace, bundle(), v))
        .isInstanceOf(AzureMlException.class)
        .hasMessageContaining("HTTP 400 UserError: Model name contains invalid characters.");
  }

  @Test
  void an_upload_cut_off_midway_resumes_without_resending_blocks() {
    String v = nextVersion();
    // A bundle no other test pushed: its files are not in the datastore yet.
    ModelBundle fresh = TestModels.adultEarlyStopped(60, 7);
    azure.arm.failBlocksAfter(5);
    assertThatThrownBy(() -> push(workspace, fresh, v))
        .isInstanceOf(AzureMlException.class)
        .hasMessageContaining("run the push again to resume");
    // Registered only once the upload is complete: the version does not exist yet.
    assertThat(azure.arm.resource(workspace.versionPath("income", v))).isNull();
    int sentBefore = azure.arm.blockPuts();
    azure.arm.failBlocksAfter(-1);
    PushResult r = push(workspace, fresh, v);
    assertThat(r.outcome()).isEqualTo(PushResult.Outcome.CREATED);
    assertThat(sentBefore).isGreaterThanOrEqualTo(5);
    assertThat(r.blocksResumed()).as("blocks kept from the first run").isGreaterThanOrEqualTo(1);
    long total;
    try (var staged = dev.boostline.azure.internal.StagedBundle.stage(fresh)) {
      total = staged.files().stream().mapToLong(f -> Math.max(1, (f.size() + 4095) / 4096)).sum();
    }
    assertThat(azure.arm.blockPuts())
        .as("the second run sends only what the first did not")
        .isLessThanOrEqualTo((int) total - sentBefore);
    assertThat(azure.arm.resource(workspace.versionPath("income", v))).isNotNull();
  }

  @Test
  void a_dry_run_prints_every_request_without_secrets_and_sends_none() {
    List<String> lines = new ArrayList<>();
    AzureMl dry = AzureMl.create(azure.options().dryRun(lines::add).build());
    PushResult r =
        dry.push(PushRequest.builder(workspace, bundle(), "income", nextVersion()).build());
    assertThat(r.outcome()).isEqualTo(PushResult.Outcome.DRY_RUN);
    assertThat(azure.arm.requests()).isEmpty();
    String all = String.join("\n", lines);
    assertThat(all)
        .contains("GET " + azure.prism.url() + workspace.versionPath("income", ""))
        .contains("/datastores?api-version=2025-09-01&isDefault=true")
        .contains("/listSecrets")
        .contains("/model/model.ubj")
        .contains("\"modelType\" : \"mlflow_model\"")
        .doesNotContain("Bearer")
        .doesNotContain(dev.boostline.azure.testing.Azurite.KEY);
  }

  @Test
  void pulls_a_version_back_and_it_scores_identically() {
    ModelBundle bundle = bundle();
    String v = nextVersion();
    push(workspace, bundle, v);
    ModelBundle back = azureMl().pull(workspace, "income", v);
    var records = TestModels.adultSample().table().inRange(0, 200);
    try (Scorer a = bundle.open();
        Scorer b = back.open()) {
      assertThat(b.outputs(records)).isDeepEqualTo(a.outputs(records));
    }
  }

  @Test
  void deploys_and_invokes_an_endpoint_that_scores_like_boostline() {
    DebianPython.require();
    ModelBundle bundle = bundle();
    String v = nextVersion();
    PushResult pushed = push(workspace, bundle, v);
    AzureMl azureMl = azureMl();
    DeployResult d =
        azureMl.deploy(
            DeployRequest.builder(workspace, pushed.assetId(), "income-ep")
                .location("westeurope")
                .build());
    assertThat(d.scoringUri()).isEqualTo(azure.arm.url() + "/score/income-ep");
    assertThat(d.traffic()).isEqualTo(Map.of("blue", 100));
    var table = TestModels.adultSample().table().inRange(2000, 2100);
    List<String> columns = bundle.manifest().features().requiredColumns();
    List<List<Object>> rows = new ArrayList<>();
    List<Map<String, Object>> records = new ArrayList<>();
    for (int r = 0; r < table.rowCount(); r++) {
      List<Object> row = new ArrayList<>();
      Map<String, Object> rec = new java.util.HashMap<>();
      for (String c : columns) {
        Object value = table.column(c).isMissing(r) ? null : table.column(c).get(r);
        row.add(value);
        rec.put(c, value);
      }
      rows.add(row);
      records.add(rec);
    }
    List<double[]> remote = azureMl.invoke(workspace, "income-ep", columns, rows);
    try (Scorer s = bundle.open()) {
      float[][] local = s.outputs(records);
      for (int i = 0; i < local.length; i++) {
        assertThat(remote.get(i)[0])
            .isCloseTo(local[i][0], org.assertj.core.data.Offset.offset(1e-6));
      }
    }
  }
}
