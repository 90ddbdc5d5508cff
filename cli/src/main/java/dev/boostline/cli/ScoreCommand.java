package dev.boostline.cli;

import dev.boostline.BatchScore;
import dev.boostline.ScoreRequest;
import dev.boostline.data.CsvOptions;
import dev.boostline.registry.ModelRef;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code boostline score}: batch scoring of a CSV file. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Score a CSV file with a model version and write one row of predictions per input row.",
      "Columns the model reads are typed by the model's training schema; other columns are"
          + " ignored. Output columns: row, the id columns of the feature spec, then label and"
          + " probability (binary), label and p_<class> (multiclass) or value (regression);"
          + " with --explain, shap_<feature> and shap_bias (margin units)."
    })
final class ScoreCommand implements Runnable {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME[@V|@ALIAS]", description = "Model reference.")
  String model;

  @Parameters(index = "1", paramLabel = "FILE", description = "CSV file to score (plain or gzip).")
  Path file;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the scores (CSV).")
  Path out;

  @Option(names = "--explain", description = "Add SHAP contributions per feature.")
  boolean explain;

  @Option(names = "--sep", paramLabel = "C", description = "Input separator (sniffed by default).")
  String sep;

  @Mixin EngineOption engine;

  @Override
  public void run() {
    Context ctx = new Context(spec);
    CsvOptions.Builder csv = CsvOptions.builder();
    if (sep != null) {
      csv.separator(sep.equalsIgnoreCase("tab") ? '\t' : sep.charAt(0));
    }
    BatchScore result =
        ctx.boostline()
            .score(
                ScoreRequest.builder(ModelRef.parse(model), file, out)
                    .csv(csv.build())
                    .explain(explain)
                    .engine(engine.engine)
                    .build());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("model", result.model().ref().toString());
    json.put("rows", result.rows());
    json.put("out", result.output().toString());
    ctx.print(
        json, "scored " + result.rows() + " rows with " + result.model().ref() + " into " + out);
  }
}
