package dev.boostline.model;

import dev.boostline.common.BoostlineException;
import dev.boostline.data.Dataset;
import dev.boostline.data.DatasetProfile;
import dev.boostline.data.store.DatasetManifest;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.data.store.DatasetStore;
import dev.boostline.features.FittedFeatures;
import dev.boostline.task.LabelEncoding;
import dev.boostline.task.Objective;
import dev.boostline.tracking.RunRecord;
import dev.boostline.tracking.RunStatus;
import dev.boostline.tracking.RunStore;
import dev.boostline.tracking.TrackedTraining;
import dev.boostline.util.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Builds model bundles from recorded runs. */
public final class ModelBundles {
  private ModelBundles() {}

  /**
   * The bundle of a finished run: its artifacts, plus the profile and golden rows of the dataset
   * version it trained on (which must still be in the home).
   *
   * @throws BoostlineException when the run did not finish or its artifacts are missing
   */
  public static ModelBundle fromRun(Path home, String runId) {
    RunStore runs = RunStore.open(home);
    RunRecord run = runs.get(runId);
    if (run.status() != RunStatus.FINISHED) {
      throw new BoostlineException(
          "run "
              + run.runId()
              + " is "
              + run.status().name().toLowerCase(java.util.Locale.ROOT)
              + "; only a finished run can be registered");
    }
    byte[] model = runs.readArtifact(run.runId(), TrackedTraining.MODEL);
    FittedFeatures features =
        FittedFeatures.fromJson(
            new String(
                runs.readArtifact(run.runId(), TrackedTraining.FEATURES), StandardCharsets.UTF_8));
    LabelEncoding labels;
    try {
      labels =
          Json.mapper()
              .readValue(
                  runs.readArtifact(run.runId(), TrackedTraining.LABELS), LabelEncoding.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the labels of run " + run.runId(), e);
    }
    DatasetStore datasets = DatasetStore.open(home);
    DatasetRef ref = DatasetRef.of(run.dataset().name(), run.dataset().version());
    DatasetManifest manifest = datasets.manifest(ref);
    if (!manifest.contentSha256().equals(run.dataset().contentSha256())) {
      throw new BoostlineException(
          "dataset " + ref + " no longer holds the content run " + run.runId() + " trained on");
    }
    Dataset data = datasets.load(ref);
    DatasetProfile profile = datasets.profile(ref);
    var env = run.environment();
    BundleManifest.Lineage lineage =
        BundleManifest.Lineage.builder(run.dataset().name(), run.dataset().contentSha256())
            .datasetVersion(run.dataset().version())
            .runId(run.runId())
            .params(run.params())
            .software(
                env.boostlineVersion(),
                env.xgboostVersion(),
                env.javaVersion(),
                env.os(),
                env.arch())
            .build();
    TrainedModel trained =
        new TrainedModel(
            Objective.parse(run.objective().orElseThrow()),
            labels,
            features,
            run.bestIteration().orElseThrow(),
            model,
            run.importance());
    return ModelBundle.create(trained, data, profile, lineage, run.metrics());
  }
}
