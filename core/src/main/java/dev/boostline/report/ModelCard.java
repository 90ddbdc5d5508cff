package dev.boostline.report;

import dev.boostline.data.ColumnProfile;
import dev.boostline.eval.Decision;
import dev.boostline.metrics.Interval;
import dev.boostline.model.BundleManifest;
import dev.boostline.registry.ModelVersion;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Markdown model card (after Mitchell et al., "Model Cards for Model Reporting", 2019) built from
 * what the bundle and the registry know: intended use, model details, data lineage, metrics (with
 * intervals when the version was evaluated), slices, limitations, importance.
 */
public final class ModelCard {
  private ModelCard() {}

  /** Renders the card. */
  public static String markdown(
      ModelVersion version,
      BundleManifest m,
      Optional<String> intendedUse,
      Optional<Decision> decision) {
    StringBuilder md = new StringBuilder();
    md.append("# Model card: ").append(version.ref()).append("\n\n");
    md.append("## Intended use\n\n")
        .append(
            intendedUse.orElse(
                "Not stated. Describe who uses this model, for what decision, and what it must"
                    + " not be used for (`boostline models card "
                    + version.ref()
                    + " --description ...`)."))
        .append("\n\n");
    md.append("## Model details\n\n");
    md.append("| | |\n|---|---|\n");
    md.append("| task | ")
        .append(m.labels().task().name().toLowerCase(Locale.ROOT))
        .append(" (")
        .append(m.objective().xgboostName())
        .append(") |\n");
    md.append("| target | `").append(m.labels().target()).append('`');
    if (!m.labels().classes().isEmpty()) {
      md.append(", classes ").append(m.labels().classes());
    }
    md.append(" |\n");
    md.append("| algorithm | XGBoost gradient-boosted trees, ")
        .append(m.bestIteration() + 1)
        .append(" rounds |\n");
    md.append("| features | ").append(m.features().size()).append(" |\n");
    md.append("| parameters | ")
        .append(
            m.lineage().params().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .reduce((a, b) -> a + ", " + b)
                .orElse("-"))
        .append(" |\n");
    md.append("| software | ").append(m.lineage().software()).append(" |\n");
    md.append("| registered | ")
        .append(version.createdAt())
        .append(" by ")
        .append(version.createdBy())
        .append(" |\n\n");
    md.append("## Data lineage\n\n");
    md.append("- Training data: dataset `")
        .append(m.lineage().dataset())
        .append("` (content SHA-256 `")
        .append(m.lineage().datasetSha256())
        .append("`), ")
        .append(m.trainingProfile().rows())
        .append(" rows.\n");
    md.append(
        m.lineage()
            .runId()
            .map(r -> "- Training run: `" + r + "`.\n\n")
            .orElse("- Trained in memory: no recorded run.\n\n"));
    md.append("## Metrics\n\n");
    if (decision.isPresent()) {
      Decision d = decision.get();
      md.append("Evaluated on `")
          .append(d.dataset())
          .append("` (")
          .append(d.rows())
          .append(" rows), decision `")
          .append(d.id())
          .append("`: **")
          .append(d.verdict())
          .append("**. Intervals are paired-bootstrap percentile intervals.\n\n");
      md.append("| metric | this model | ");
      md.append(d.production().map(p -> "version " + p + " | difference |").orElse("|"));
      md.append("\n|---|---|").append(d.production().isPresent() ? "---|---|" : "").append('\n');
      for (var e : d.candidateMetrics().entrySet()) {
        md.append("| ")
            .append(e.getKey())
            .append(" | ")
            .append(interval(e.getValue()))
            .append(" |");
        if (d.production().isPresent()) {
          md.append(' ')
              .append(interval(d.productionMetrics().get(e.getKey())))
              .append(" | ")
              .append(interval(d.differences().get(e.getKey())))
              .append(" |");
        }
        md.append('\n');
      }
      md.append('\n');
      if (!d.reasons().isEmpty()) {
        md.append("Decision reasons:\n\n");
        d.reasons().forEach(r -> md.append("- ").append(r).append('\n'));
        md.append('\n');
      }
    }
    md.append("Training-time metrics (validation split of the training data):\n\n");
    md.append("| split | metrics |\n|---|---|\n");
    for (var e : new java.util.TreeMap<>(m.metrics()).entrySet()) {
      md.append("| ")
          .append(e.getKey())
          .append(" | ")
          .append(
              e.getValue().entrySet().stream()
                  .sorted(Map.Entry.comparingByKey())
                  .map(x -> String.format(Locale.ROOT, "%s %.4f", x.getKey(), x.getValue()))
                  .reduce((a, b) -> a + ", " + b)
                  .orElse("-"))
          .append(" |\n");
    }
    md.append('\n');
    md.append("## Slices\n\n");
    List<ColumnProfile> categorical =
        m.trainingProfile().columns().stream()
            .filter(c -> !c.topValues().isEmpty() && !c.name().equals(m.labels().target()))
            .filter(c -> m.features().requiredColumns().contains(c.name()))
            .limit(3)
            .toList();
    if (categorical.isEmpty()) {
      md.append(
          "No categorical inputs; evaluate slices of numeric ranges with `boostline evaluate`.\n\n");
    } else {
      md.append(
          "Group sizes in the training data (run `boostline evaluate --slice COLUMN` for metrics per"
              + " group):\n\n");
      for (ColumnProfile c : categorical) {
        md.append("- `").append(c.name()).append("`: ");
        md.append(
            c.topValues().stream()
                .limit(6)
                .map(v -> v.value() + " " + v.count())
                .reduce((a, b) -> a + ", " + b)
                .orElse(""));
        if (c.topValues().size() > 6) {
          md.append(", ...");
        }
        md.append('\n');
      }
      md.append('\n');
    }
    md.append("## Limitations\n\n");
    md.append("- Trained on one dataset version; performance on data that drifts from its profile")
        .append(" (watch the server's PSI gauges) is not known.\n");
    md.append("- Missing values follow XGBoost's learned default directions; categories not seen")
        .append(
            " in training are treated as missing (or as \"other\" where the column has one).\n");
    md.append("- The MLflow flavors in this directory score already-transformed features; the")
        .append(" feature pipeline is in `boostline.json` and applied by Boostline.\n");
    m.features().definition().notes().forEach(n -> md.append("- ").append(n).append(".\n"));
    md.append('\n');
    md.append("## Feature importance\n\n");
    Map<String, Double> gain = m.importance().getOrDefault("gain", Map.of());
    if (gain.isEmpty()) {
      md.append("Not recorded.\n");
    } else {
      md.append("| feature | gain | cover | weight |\n|---|---|---|---|\n");
      gain.entrySet().stream()
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .limit(15)
          .forEach(
              e ->
                  md.append("| ")
                      .append(e.getKey())
                      .append(" | ")
                      .append(String.format(Locale.ROOT, "%.4g", e.getValue()))
                      .append(" | ")
                      .append(fmt(m.importance().getOrDefault("cover", Map.of()).get(e.getKey())))
                      .append(" | ")
                      .append(fmt(m.importance().getOrDefault("weight", Map.of()).get(e.getKey())))
                      .append(" |\n"));
    }
    return md.toString();
  }

  private static String interval(Interval i) {
    if (i == null) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", i.estimate(), i.lower(), i.upper());
  }

  private static String fmt(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.4g", v);
  }
}
