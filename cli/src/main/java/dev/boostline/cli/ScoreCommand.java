package dev.boostline.cli;

import dev.boostline.BatchScore;
import dev.boostline.ScoreRequest;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.DatasetStream;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.data.store.DatasetStore;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code boostline score}: batch scoring of a file, a folder or a dataset version, any size. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Score a CSV or Parquet file (or a folder of parts), or a registered dataset version, with a"
          + " model version and write one row of predictions per input row: Parquet when the"
          + " --out name ends in .parquet, else CSV. The input is streamed and scored on every"
          + " core, in bounded memory whatever its size.",
      "Columns the model reads are typed by the model's training schema; other columns are"
          + " ignored. Output columns: row, the id columns of the feature spec, then label and"
          + " probability (binary), label and p_<class> (multiclass) or value (regression);"
          + " with --explain, shap_<feature> and shap_bias (margin units)."
    })
final class ScoreCommand implements Runnable {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME[@V|@ALIAS]", description = "Model reference.")
  String model;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "INPUT",
      description = "CSV (plain or gzip) or Parquet file, or a folder of parts.")
  Path file;

  @Option(
      names = "--dataset",
      paramLabel = "NAME[@V]",
      description = "Score a registered dataset version instead of a file.")
  String dataset;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the scores (replaced atomically; .parquet for Parquet).")
  Path out;

  @Option(names = "--explain", description = "Add SHAP contributions per feature.")
  boolean explain;

  @Option(names = "--sep", paramLabel = "C", description = "Input separator (sniffed by default).")
  String sep;

  @Mixin EngineOption engine;

  @Override
  public void run() {
    Context ctx = new Context(spec);
    if ((file == null) == (dataset == null)) {
      throw new ParameterException(
          spec.commandLine(), "give either an INPUT file or --dataset NAME[@V], not both");
    }
    String ref;
    long rows;
    if (dataset != null) {
      LocalModelRegistry registry = LocalModelRegistry.open(ctx.home());
      ModelVersion v = registry.resolve(ModelRef.parse(model));
      int threads = BatchScoring.defaultThreads();
      try (Scorer scorer = registry.bundle(v.ref()).open(engine.engine);
          DatasetStream in = DatasetStore.open(ctx.home()).stream(DatasetRef.parse(dataset))) {
        rows =
            BatchScoring.score(scorer, in, out, BatchScoring.Format.forFile(out), explain, threads);
      }
      ref = v.ref().toString();
    } else {
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
      rows = result.rows();
      ref = result.model().ref().toString();
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("model", ref);
    json.put("rows", rows);
    json.put("out", out.toAbsolutePath().toString());
    ctx.print(json, "scored " + rows + " rows with " + ref + " into " + out);
  }
}
