package dev.boostline.cli;

import dev.boostline.Evaluation;
import dev.boostline.EvaluationRequest;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.eval.Comparison;
import dev.boostline.eval.PromotionPolicy;
import dev.boostline.metrics.Interval;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.ModelVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code boostline evaluate NAME@V}. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a model version on a dataset version against the production model (or alone),"
          + " with bootstrap intervals, DeLong's test (binary), slices and mean |SHAP|, and apply"
          + " a promotion policy. The decision (PROMOTE or REJECT, with every reason) is stored"
          + " with the candidate; promote checks it.",
      "Exit code 0 for either verdict; the verdict is in the output."
    })
final class EvaluateCommand implements Runnable {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME@V", description = "The candidate version.")
  String candidate;

  @Option(
      names = "--against",
      paramLabel = "NAME@ALIAS|V",
      description = "Compare with this version (default NAME@production when set).")
  String against;

  @Option(
      names = "--dataset",
      required = true,
      paramLabel = "D[@V]",
      description = "Dataset version to score (with the target).")
  String dataset;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = "Promotion policy, YAML or JSON (see the docs).")
  Path policyFile;

  @Option(
      names = "--slice",
      paramLabel = "COL",
      description = "A categorical column whose groups are compared (repeatable).")
  List<String> slices = new ArrayList<>();

  @Option(names = "--report", paramLabel = "FILE", description = "Write the HTML report here.")
  Path report;

  @Override
  public void run() {
    Context ctx = new Context(spec);
    EvaluationRequest.Builder request =
        EvaluationRequest.builder(ModelRef.parse(candidate), DatasetRef.parse(dataset))
            .policy(
                policyFile == null ? PromotionPolicy.defaults() : PromotionPolicy.read(policyFile))
            .slices(slices);
    if (against != null) {
      request.against(ModelRef.parse(against));
    }
    if (report != null) {
      request.report(report);
    }
    Evaluation e = ctx.boostline().evaluate(request.build());
    ctx.print(e.decision(), text(e.comparison(), e.candidate(), e.baseline()));
  }

  private String text(Comparison c, ModelVersion cand, Optional<ModelVersion> prod) {
    StringBuilder sb = new StringBuilder();
    sb.append(c.verdict())
        .append(": ")
        .append(cand.ref())
        .append(
            prod.map(p -> " vs " + p.ref() + " (" + c.alias() + ")")
                .orElse(" (no production model)"))
        .append(" on ")
        .append(c.dataset())
        .append(", ")
        .append(c.candidate().size())
        .append(" rows\n");
    sb.append("decision ").append(c.id()).append('\n');
    TextTable t =
        prod.isPresent()
            ? new TextTable("METRIC", "CANDIDATE", "PRODUCTION", "DIFFERENCE", "P(BETTER)")
            : new TextTable("METRIC", "CANDIDATE");
    for (var e : c.candidateMetrics().entrySet()) {
      if (prod.isPresent()) {
        t.row(
            e.getKey(),
            fmt(e.getValue()),
            fmt(c.productionMetrics().get(e.getKey())),
            fmt(c.differences().get(e.getKey())),
            String.format(
                Locale.ROOT, "%.3f", c.probabilityBetter().getOrDefault(e.getKey(), Double.NaN)));
      } else {
        t.row(e.getKey(), fmt(e.getValue()));
      }
    }
    sb.append(t);
    c.delong()
        .ifPresent(
            d ->
                sb.append(
                    String.format(
                        Locale.ROOT,
                        "DeLong: AUC %.4f vs %.4f, difference %+.4f, z %.2f, p %.4g%n",
                        d.aucA(),
                        d.aucB(),
                        d.difference(),
                        d.z(),
                        d.pValue())));
    c.agreement().ifPresent(a -> sb.append(String.format(Locale.ROOT, "agreement: %.4f%n", a)));
    sb.append("reasons:\n");
    c.reasons().forEach(r -> sb.append("  ").append(r).append('\n'));
    if (report != null) {
      sb.append("report: ").append(report).append('\n');
    }
    return sb.toString();
  }

  private static String fmt(Interval i) {
    return i == null
        ? "-"
        : String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", i.estimate(), i.lower(), i.upper());
  }
}
