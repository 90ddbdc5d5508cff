package dev.boostline.cli;

import dev.boostline.Boostline;
import dev.boostline.model.BundleManifest;
import dev.boostline.registry.AliasMove;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.ModelRegistry;
import dev.boostline.registry.ModelVersion;
import dev.boostline.registry.local.LocalModelRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code boostline models ...}: the local model registry. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Register trained runs as model versions, list, show, and write model cards.",
    subcommands = {
      ModelsCommand.Register.class,
      ModelsCommand.ListModels.class,
      ModelsCommand.Show.class,
      ModelsCommand.Card.class,
      ModelsCommand.History.class
    })
final class ModelsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a models command is required");
  }

  /** {@code models register RUN --name NAME}. */
  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description =
          "Register a finished run as the next version of a model (an MLflow-compatible"
              + " directory with boostline.json). The same model registered again returns its"
              + " version.")
  static final class Register implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run id or a unique prefix.")
    String run;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Model name.")
    String name;

    @Option(
        names = "--description",
        paramLabel = "TEXT",
        description = "Intended use, kept with the version.")
    String description;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      ModelVersion v = ctx.boostline().registerModel(run, name, Optional.ofNullable(description));
      ctx.print(
          v,
          v.ref()
              + " ("
              + v.runId().map(r -> "run " + r + ", ").orElse("")
              + v.objective()
              + " on "
              + v.dataset()
              + ")");
    }
  }

  /** {@code models list [NAME]}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List models, or the versions of NAME.")
  static final class ListModels implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Model name.")
    String name;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      ModelRegistry registry = ctx.boostline().models();
      List<String> names = name == null ? registry.names() : List.of(name);
      TextTable t =
          new TextTable(
              "MODEL", "ALIASES", "OBJECTIVE", "DATASET", "RUN", "VALID METRICS", "CREATED");
      List<ModelVersion> shown = new java.util.ArrayList<>();
      for (String n : names) {
        List<ModelVersion> versions = registry.versions(n);
        if (versions.isEmpty() && name != null) {
          throw new dev.boostline.common.NotFoundException(
              "no model \"" + n + "\" (known: " + registry.names() + ")");
        }
        Map<String, Integer> aliases = registry.aliases(n);
        List<ModelVersion> rows =
            name == null ? List.of(versions.get(versions.size() - 1)) : versions;
        for (ModelVersion v : rows) {
          shown.add(v);
          t.row(
              v.ref(),
              aliases.entrySet().stream()
                  .filter(e -> e.getValue() == v.version())
                  .map(Map.Entry::getKey)
                  .collect(Collectors.joining(",")),
              v.objective(),
              v.dataset(),
              v.runId().orElse("-"),
              RunsCommand.metrics(v.metrics().getOrDefault("valid", Map.of())),
              v.createdAt());
        }
      }
      ctx.print(shown, t.isEmpty() ? "no models\n" : t.toString());
    }
  }

  /** {@code models show NAME@V|@alias}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a model version: lineage, features, metrics, aliases.")
  static final class Show implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME[@V|@ALIAS]", description = "Model reference.")
    String ref;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      ModelRegistry registry = ctx.boostline().models();
      ModelVersion v = registry.resolve(ModelRef.parse(ref));
      BundleManifest m = registry.bundle(v.ref()).manifest();
      Map<String, Integer> aliases = registry.aliases(v.name());
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("version", v);
      json.put("aliases", aliases);
      json.put("bundle", m);
      StringBuilder sb = new StringBuilder();
      sb.append(v.ref()).append(v.description().map(d -> " — " + d).orElse("")).append('\n');
      sb.append("  objective: ")
          .append(v.objective())
          .append(", target ")
          .append(v.target())
          .append(m.labels().classes().isEmpty() ? "" : " " + m.labels().classes())
          .append('\n');
      sb.append("  aliases:   ")
          .append(
              aliases.entrySet().stream()
                  .filter(e -> e.getValue() == v.version())
                  .map(Map.Entry::getKey)
                  .collect(Collectors.joining(", ")))
          .append('\n');
      sb.append("  lineage:   dataset ")
          .append(m.lineage().dataset())
          .append(" (sha256:")
          .append(m.lineage().datasetSha256(), 0, 12)
          .append("…), ")
          .append(m.lineage().runId().map(r -> "run " + r).orElse("no recorded run"))
          .append('\n');
      sb.append("  trained:   ").append(m.lineage().software()).append('\n');
      sb.append("  rounds:    ").append(m.bestIteration() + 1).append('\n');
      sb.append("  features:  ")
          .append(m.features().size())
          .append(" (")
          .append(String.join(", ", m.features().featureNames()))
          .append(")\n");
      for (var e : m.metrics().entrySet()) {
        sb.append(
            String.format(
                Locale.ROOT, "  %-10s %s%n", e.getKey() + ":", RunsCommand.metrics(e.getValue())));
      }
      sb.append("  created:   ")
          .append(v.createdAt())
          .append(" by ")
          .append(v.createdBy())
          .append('\n');
      if (registry instanceof LocalModelRegistry local) {
        sb.append("  directory: ").append(local.directory(v.ref())).append('\n');
      }
      ctx.print(json, sb.toString());
    }
  }

  /** {@code models card NAME@V}. */
  @Command(
      name = "card",
      mixinStandardHelpOptions = true,
      description = "Render a Markdown model card from the bundle.")
  static final class Card implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME[@V|@ALIAS]", description = "Model reference.")
    String ref;

    @Option(
        names = "--description",
        paramLabel = "TEXT",
        description = "Intended use (default: the version's description).")
    String description;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path out;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      Boostline home = ctx.boostline();
      ModelRef model = ModelRef.parse(ref);
      if (out == null) {
        ctx.out().print(home.modelCard(model, Optional.ofNullable(description)));
        ctx.out().flush();
      } else {
        home.writeModelCard(model, Optional.ofNullable(description), out);
        ctx.print(Map.of("file", out.toString()), "wrote " + out);
      }
    }
  }

  /** {@code models history NAME}. */
  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      description = "The audit log of alias moves.")
  static final class History implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Model name.")
    String name;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      List<AliasMove> moves = ctx.boostline().models().history(name);
      TextTable t = new TextTable("WHEN", "ALIAS", "FROM", "TO", "BY", "DECISION", "REASON");
      for (AliasMove m : moves) {
        t.row(
            m.at(),
            m.alias(),
            m.from().map(String::valueOf).orElse("-"),
            m.to().map(String::valueOf).orElse("-"),
            m.by(),
            m.decisionId().orElse("-"),
            m.reason());
      }
      ctx.print(moves, t.isEmpty() ? "no alias moves\n" : t.toString());
    }
  }
}
