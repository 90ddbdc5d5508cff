package dev.boostline.cli;

import dev.boostline.data.ColumnProfile;
import dev.boostline.data.ColumnSchema;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.DatasetProfile;
import dev.boostline.data.Schema;
import dev.boostline.data.ValueCount;
import dev.boostline.data.store.Compression;
import dev.boostline.data.store.DatasetDiff;
import dev.boostline.data.store.DatasetManifest;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.data.store.DatasetStore;
import dev.boostline.data.store.RegisterOptions;
import dev.boostline.data.store.Registration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code boostline dataset ...}: versioned datasets. */
@Command(
    name = "dataset",
    mixinStandardHelpOptions = true,
    description = "Register, inspect, compare and export versioned datasets.",
    subcommands = {
      DatasetCommand.Add.class,
      DatasetCommand.ListVersions.class,
      DatasetCommand.Show.class,
      DatasetCommand.Diff.class,
      DatasetCommand.Export.class,
      DatasetCommand.Verify.class,
      DatasetAddCaptureCommand.class
    })
final class DatasetCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a dataset command is required");
  }

  /** {@code dataset add NAME FILE}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Register a CSV file (plain or gzip, UTF-8, with a header) as the next version of NAME"
            + " and print the version. Registering content identical to an existing version"
            + " prints that version and adds nothing.",
        "Types are inferred once (integer, double, boolean, categorical, datetime, text) unless"
            + " --schema is given, and frozen in the manifest."
      })
  static final class Add implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Dataset name.")
    String name;

    @Parameters(index = "1", paramLabel = "FILE", description = "CSV file (.csv or .csv.gz).")
    Path file;

    @Option(
        names = "--sep",
        paramLabel = "C",
        description = "Separator: one character, or tab; sniffed when not given.")
    String sep;

    @Option(names = "--quote", paramLabel = "C", description = "Quote character (default \").")
    String quote;

    @Option(
        names = "--null-token",
        paramLabel = "T",
        description =
            "A value read as missing (repeatable). Replaces the defaults"
                + " (NA, N/A, NaN, nan, NULL, null); empty fields are always missing.")
    List<String> nullTokens;

    @Option(
        names = "--schema",
        paramLabel = "FILE",
        description = "JSON or YAML schema: {columns: [{name, type, nullable}]}.")
    Path schema;

    @Option(names = "--note", paramLabel = "TEXT", description = "A note kept in the manifest.")
    String note;

    @Option(names = "--tag", paramLabel = "K=V", description = "A tag (repeatable).")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(
        names = "--compression",
        paramLabel = "CODEC",
        description = "Parquet compression: ${COMPLETION-CANDIDATES} (default ZSTD).")
    Compression compression = Compression.ZSTD;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      CsvOptions.Builder csv = CsvOptions.builder();
      if (sep != null) {
        csv.separator(singleChar("--sep", sep));
      }
      if (quote != null) {
        csv.quote(singleChar("--quote", quote));
      }
      if (nullTokens != null) {
        csv.nullTokens(nullTokens);
      }
      RegisterOptions.Builder options = RegisterOptions.builder().compression(compression);
      if (note != null) {
        options.note(note);
      }
      tags.forEach(options::tag);
      java.util.Optional<Schema> given =
          schema == null ? java.util.Optional.empty() : java.util.Optional.of(Schema.read(schema));
      Registration r =
          ctx.boostline().datasets().register(name, file, csv.build(), given, options.build());
      DatasetManifest m = r.manifest();
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("created", r.created());
      json.put("manifest", m);
      String text =
          m.ref()
              + (r.created() ? "" : " (already registered: identical content)")
              + "\n  "
              + m.rows()
              + " rows x "
              + m.columns()
              + " columns, separator '"
              + printable(m.source().map(DatasetManifest.Source::separator).orElse(","))
              + "'\n"
              + schemaLine(m.schema());
      ctx.print(json, text);
    }

    private static char singleChar(String option, String value) {
      if (value.equalsIgnoreCase("tab") || value.equals("\\t")) {
        return '\t';
      }
      if (value.length() != 1) {
        throw new IllegalArgumentException(
            option + " must be one character (or 'tab'), got \"" + value + "\"");
      }
      return value.charAt(0);
    }
  }

  /** {@code dataset list [NAME]}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List datasets, or the versions of NAME.")
  static final class ListVersions implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Dataset name.")
    String name;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      DatasetStore store = ctx.boostline().datasets();
      List<DatasetManifest> shown = new ArrayList<>();
      if (name == null) {
        for (String n : store.names()) {
          List<DatasetManifest> versions = store.versions(n);
          shown.add(versions.get(versions.size() - 1));
        }
      } else {
        DatasetStore.requireValidName(name);
        shown.addAll(store.versions(name));
        if (shown.isEmpty()) {
          throw new dev.boostline.common.NotFoundException(
              "no dataset \"" + name + "\" (known: " + store.names() + ")");
        }
      }
      TextTable t =
          new TextTable(
              name == null ? "DATASET@LATEST" : "VERSION",
              "ROWS",
              "COLUMNS",
              "CREATED",
              "SOURCE",
              "NOTE");
      for (DatasetManifest m : shown) {
        t.row(
            m.ref(),
            m.rows(),
            m.columns(),
            m.createdAt(),
            m.source().map(DatasetManifest.Source::fileName).orElse("(table)"),
            m.note().orElse(""));
      }
      String text = t.isEmpty() ? "no datasets in " + store.root() + "\n" : t.toString();
      ctx.print(shown, text);
    }
  }

  /** {@code dataset show NAME[@V]}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a version's manifest and profile summary.")
  static final class Show implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME[@V]", description = "Dataset and version.")
    String ref;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      DatasetStore store = ctx.boostline().datasets();
      DatasetManifest m = store.manifest(DatasetRef.parse(ref));
      DatasetProfile p = store.profile(m.ref());
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("manifest", m);
      json.put("profile", p);
      StringBuilder sb = new StringBuilder();
      sb.append(m.ref()).append('\n');
      sb.append("  rows:     ").append(m.rows()).append('\n');
      sb.append("  columns:  ").append(m.columns()).append('\n');
      sb.append("  content:  sha256:").append(m.contentSha256()).append('\n');
      m.source()
          .ifPresent(
              s ->
                  sb.append("  source:   ")
                      .append(s.fileName())
                      .append(" (sha256:")
                      .append(s.sha256())
                      .append(", ")
                      .append(s.sizeBytes())
                      .append(" bytes)\n"));
      sb.append("  parent:   ")
          .append(m.parentVersion().map(v -> m.name() + "@" + v).orElse("-"))
          .append('\n');
      sb.append("  created:  ")
          .append(m.createdAt())
          .append(" by ")
          .append(m.createdBy())
          .append('\n');
      m.note().ifPresent(n -> sb.append("  note:     ").append(n).append('\n'));
      if (!m.tags().isEmpty()) {
        sb.append("  tags:     ")
            .append(
                m.tags().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", ")))
            .append('\n');
      }
      sb.append("  storage:  ")
          .append(m.storage().format())
          .append(' ')
          .append(m.storage().compression().toLowerCase(Locale.ROOT))
          .append("\n\n");
      TextTable t =
          new TextTable(
              "COLUMN", "TYPE", "NULL", "MISSING", "DISTINCT", "MIN", "MEAN", "MAX", "TOP VALUES");
      for (ColumnSchema cs : m.schema().columns()) {
        ColumnProfile c = p.column(cs.name());
        t.row(
            cs.name(),
            cs.type().id(),
            cs.nullable() ? "yes" : "no",
            c.missing(),
            c.distinct(),
            c.minValue().map(Show::shortText).orElse("-"),
            c.numeric().map(n -> num(n.mean())).orElse("-"),
            c.maxValue().map(Show::shortText).orElse("-"),
            top(c));
      }
      sb.append(t);
      ctx.print(json, sb.toString());
    }

    private static String shortText(String s) {
      return s.length() > 20 ? s.substring(0, 19) + "…" : s;
    }

    private static String top(ColumnProfile c) {
      if (c.topValues().isEmpty()) {
        return "";
      }
      String shown =
          c.topValues().stream()
              .limit(3)
              .map(v -> shortText(v.value()) + " " + pct(v, c.count()))
              .collect(Collectors.joining(", "));
      return c.topValues().size() > 3 ? shown + ", ..." : shown;
    }

    private static String pct(ValueCount v, long of) {
      return String.format(Locale.ROOT, "%.1f%%", 100.0 * v.count() / Math.max(1, of));
    }
  }

  /** {@code dataset diff NAME@A NAME@B}. */
  @Command(
      name = "diff",
      mixinStandardHelpOptions = true,
      description = {
        "Compare two versions: schema changes, row counts, and per-column shifts.",
        "PSI (population stability index) of B against A: < 0.1 stable, 0.1-0.25 moderate,"
            + " > 0.25 major shift."
      })
  static final class Diff implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME@A", description = "The reference version.")
    String a;

    @Parameters(index = "1", paramLabel = "NAME@B", description = "The version compared to it.")
    String b;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      DatasetDiff d = ctx.boostline().datasets().diff(DatasetRef.parse(a), DatasetRef.parse(b));
      StringBuilder sb = new StringBuilder();
      sb.append(d.a()).append(" -> ").append(d.b());
      sb.append(d.identical() ? "  (identical content)\n" : "\n");
      sb.append("  rows: ")
          .append(d.rowsA())
          .append(" -> ")
          .append(d.rowsB())
          .append(String.format(Locale.ROOT, " (%+d)%n", d.rowsB() - d.rowsA()));
      if (d.schemaChanges().isEmpty()) {
        sb.append("  schema: unchanged\n");
      } else {
        sb.append("  schema changes:\n");
        for (DatasetDiff.SchemaChange c : d.schemaChanges()) {
          sb.append("    ")
              .append(c.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '))
              .append(": ")
              .append(c.column());
          if (c.from().isPresent() || c.to().isPresent()) {
            sb.append(" (")
                .append(c.from().orElse("-"))
                .append(" -> ")
                .append(c.to().orElse("-"))
                .append(')');
          }
          sb.append('\n');
        }
      }
      sb.append('\n');
      TextTable t =
          new TextTable(
              "COLUMN",
              "MISSING A",
              "MISSING B",
              "DISTINCT A",
              "DISTINCT B",
              "MEAN A",
              "MEAN B",
              "SHIFT (SD)",
              "PSI",
              "NEW VALUES");
      for (DatasetDiff.ColumnShift s : d.columns()) {
        t.row(
            s.column(),
            pct(s.missingRateA()),
            pct(s.missingRateB()),
            s.distinctA(),
            s.distinctB(),
            s.meanA().map(DatasetCommand::num).orElse("-"),
            s.meanB().map(DatasetCommand::num).orElse("-"),
            s.meanShiftInStd().map(v -> String.format(Locale.ROOT, "%+.2f", v)).orElse("-"),
            s.psi().map(v -> String.format(Locale.ROOT, "%.3f", v)).orElse("-"),
            String.join(", ", s.newValues()));
      }
      sb.append(t);
      ctx.print(d, sb.toString());
    }

    private static String pct(double v) {
      return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
  }

  /** {@code dataset export NAME[@V] FILE}. */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write a version as CSV (comma-separated, quoted where needed, missing values empty;"
              + " gzip when FILE ends in .gz).")
  static final class Export implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME[@V]", description = "Dataset and version.")
    String ref;

    @Parameters(index = "1", paramLabel = "FILE", description = "Target CSV file.")
    Path file;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      DatasetStore store = ctx.boostline().datasets();
      DatasetManifest m = store.manifest(DatasetRef.parse(ref));
      store.export(m.ref(), file);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("dataset", m.ref().toString());
      json.put("file", file.toAbsolutePath().toString());
      json.put("rows", m.rows());
      ctx.print(json, "wrote " + m.ref() + " (" + m.rows() + " rows) to " + file);
    }
  }

  /** {@code dataset verify NAME[@V]}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Check every file of a version (or of every version, with --all) against the"
              + " checksums in its manifest.")
  static final class Verify implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME[@V]", description = "Dataset and version.")
    String ref;

    @Option(names = "--all", description = "Verify every version of the dataset.")
    boolean all;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      DatasetStore store = ctx.boostline().datasets();
      DatasetRef r = DatasetRef.parse(ref);
      List<DatasetRef> refs =
          all
              ? store.versions(r.name()).stream().map(DatasetManifest::ref).toList()
              : List.of(store.manifest(r).ref());
      for (DatasetRef each : refs) {
        store.verify(each);
      }
      List<String> names = refs.stream().map(DatasetRef::toString).toList();
      ctx.print(Map.of("verified", names), "ok: " + String.join(", ", names));
    }
  }

  static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }

  private static String printable(String sep) {
    return sep.equals("\t") ? "\\t" : sep;
  }

  private static String schemaLine(Schema schema) {
    return "  "
        + schema.columns().stream()
            .map(c -> c.name() + ":" + c.type().id() + (c.nullable() ? "?" : ""))
            .collect(Collectors.joining(" "));
  }
}
