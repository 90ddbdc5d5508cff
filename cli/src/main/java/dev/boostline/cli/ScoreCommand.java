package dev.boostline.cli;

import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvReader;
import dev.boostline.data.Dataset;
import dev.boostline.model.BatchScoring;
import dev.boostline.model.Scorer;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.ModelVersion;
import dev.boostline.registry.local.LocalModelRegistry;
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
    LocalModelRegistry registry = LocalModelRegistry.open(ctx.home());
    ModelVersion v = registry.resolve(ModelRef.parse(model));
    try (Scorer scorer = registry.bundle(v.ref()).open(engine.engine)) {
      CsvOptions.Builder csv = CsvOptions.builder();
      if (sep != null) {
        csv.separator(sep.equalsIgnoreCase("tab") ? '\t' : sep.charAt(0));
      }
      CsvOptions options = csv.build();
      Dataset data =
          CsvReader.read(
                  file,
                  options,
                  java.util.Optional.of(
                      BatchScoring.schemaFor(scorer, CsvReader.header(file, options))))
              .dataset();
      int rows = BatchScoring.write(scorer, data, out, explain);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("model", v.ref().toString());
      json.put("rows", rows);
      json.put("out", out.toAbsolutePath().toString());
      ctx.print(json, "scored " + rows + " rows with " + v.ref() + " into " + out);
    }
  }
}
