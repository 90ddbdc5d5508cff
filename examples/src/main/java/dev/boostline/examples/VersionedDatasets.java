package dev.boostline.examples;

import dev.boostline.data.ColumnProfile;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.Dataset;
import dev.boostline.data.DatasetProfile;
import dev.boostline.data.DatasetSplit;
import dev.boostline.data.SplitFractions;
import dev.boostline.data.Splits;
import dev.boostline.data.store.DatasetDiff;
import dev.boostline.data.store.DatasetStore;
import dev.boostline.data.store.RegisterOptions;
import dev.boostline.data.store.Registration;
import java.nio.file.Path;

/**
 * User story: "I register this month's data as a new version of a dataset, see what changed since
 * the last version, and split it reproducibly for training."
 *
 * <p>Arguments: {@code [HOME] [DATA_DIR]}, defaults {@code target/example-home} and {@code ../data}
 * (run from the examples module) or {@code data} (from the repository root).
 */
public final class VersionedDatasets {
  private VersionedDatasets() {}

  public static void main(String[] args) {
    Path home = Path.of(args.length > 0 ? args[0] : "target/example-home");
    Path data = Path.of(args.length > 1 ? args[1] : "../data");
    if (!data.resolve("README.md").toFile().exists()) {
      data = Path.of("data");
    }
    DatasetStore store = DatasetStore.open(home);

    Registration v1 =
        store.register(
            "adult",
            data.resolve("adult/adult_train.csv"),
            CsvOptions.defaults(),
            java.util.Optional.empty(),
            RegisterOptions.builder().note("census 1994, train rows").tag("source", "uci").build());
    Registration v2 =
        store.register(
            "adult",
            data.resolve("adult/adult_test.csv"),
            CsvOptions.defaults(),
            java.util.Optional.empty(),
            RegisterOptions.builder().note("census 1994, test rows").build());
    System.out.printf(
        "registered %s (%s) and %s (%s)%n",
        v1.manifest().ref(),
        v1.created() ? "new" : "already there",
        v2.manifest().ref(),
        v2.created() ? "new" : "already there");

    DatasetProfile profile = store.profile(v2.manifest().ref());
    ColumnProfile age = profile.column("age");
    System.out.printf(
        "%s: %d rows; age mean %.1f, median %.0f; occupation missing in %d rows%n",
        v2.manifest().ref(),
        profile.rows(),
        age.numeric().orElseThrow().mean(),
        age.numeric().orElseThrow().quantiles().get("p50"),
        profile.column("occupation").missing());

    DatasetDiff diff = store.diff(v1.manifest().ref(), v2.manifest().ref());
    System.out.printf(
        "diff %s -> %s: rows %d -> %d%n", diff.a(), diff.b(), diff.rowsA(), diff.rowsB());
    for (DatasetDiff.ColumnShift s : diff.columns()) {
      System.out.printf(
          "  %-15s PSI %.4f%s%n",
          s.column(),
          s.psi().orElse(Double.NaN),
          s.newValues().isEmpty() ? "" : "  new values: " + s.newValues());
    }

    Dataset adult = store.load(v1.manifest().ref());
    DatasetSplit split = Splits.stratified(adult, "income", SplitFractions.validation(0.2), 42);
    System.out.printf(
        "stratified split of %s (seed 42): %d train / %d validation rows%n",
        v1.manifest().ref(), split.trainSize(), split.validSize());
  }
}
