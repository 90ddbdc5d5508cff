package dev.boostline.cli;

import dev.boostline.azure.AzureMl;
import dev.boostline.azure.AzureMlOptions;
import dev.boostline.azure.AzureMlTarget;
import dev.boostline.azure.DeployRequest;
import dev.boostline.azure.DeployResult;
import dev.boostline.azure.PushRequest;
import dev.boostline.azure.PushResult;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvReader;
import dev.boostline.data.Dataset;
import dev.boostline.model.BatchScoring;
import dev.boostline.model.ModelBundle;
import dev.boostline.model.Scorer;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.ModelVersion;
import dev.boostline.registry.local.LocalModelRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** {@code boostline azure ...}: push to, pull from, deploy on and invoke Azure Machine Learning. */
@Command(
    name = "azure",
    mixinStandardHelpOptions = true,
    description = {
      "Push model versions to an Azure ML workspace or registry, pull them back, deploy them to a"
          + " managed online endpoint (no scoring code: the bundle's python_function flavor scores"
          + " raw records as Boostline does) and invoke the endpoint.",
      "Signs in with DefaultAzureCredential (environment variables, managed identity, Azure CLI"
          + " login), or with the bearer token in $BOOSTLINE_AZURE_TOKEN when it is set."
    },
    subcommands = {
      AzureCommand.Push.class,
      AzureCommand.Pull.class,
      AzureCommand.Deploy.class,
      AzureCommand.Invoke.class
    })
final class AzureCommand implements Runnable {
  /** A bearer token for ARM used as is instead of DefaultAzureCredential. */
  static final String TOKEN_ENV = AzureMlOptions.TOKEN_ENV;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "an azure command is required");
  }

  /** Where: subscription, resource group, workspace or registry, and how to reach Azure. */
  static final class Where {
    @Option(
        names = "--subscription",
        required = true,
        paramLabel = "S",
        description = "Azure subscription id.")
    String subscription;

    @Option(
        names = "--resource-group",
        required = true,
        paramLabel = "G",
        description = "Resource group of the workspace or registry.")
    String resourceGroup;

    @Option(
        names = "--api-version",
        paramLabel = "V",
        description = "ARM api-version (default " + AzureMlOptions.DEFAULT_API_VERSION + ").")
    String apiVersion;

    @Option(
        names = "--arm-endpoint",
        paramLabel = "URL",
        description = "Azure Resource Manager endpoint (default https://management.azure.com).")
    URI armEndpoint;

    @Option(
        names = "--storage-endpoint",
        paramLabel = "URL",
        description =
            "Blob endpoint of the datastore's storage account, {account} standing for its name"
                + " (default https://{account}.blob.core.windows.net).")
    String storageEndpoint;

    AzureMl connect(Optional<java.util.function.Consumer<String>> dryRun) {
      AzureMlOptions.Builder b = AzureMlOptions.builder();
      if (apiVersion != null) {
        b.apiVersion(apiVersion);
      }
      if (armEndpoint != null) {
        b.armEndpoint(armEndpoint);
      }
      if (storageEndpoint != null) {
        b.storageEndpoint(storageEndpoint);
      }
      // The system property serves in-process callers (tests) that cannot set the environment.
      b.bearerTokenFromEnvironment();
      dryRun.ifPresent(b::dryRun);
      return AzureMl.create(b.build());
    }
  }

  /** Exactly one of --workspace and --registry. */
  static final class Target {
    @Option(names = "--workspace", paramLabel = "W", description = "Azure ML workspace.")
    String workspace;

    @Option(names = "--registry", paramLabel = "R", description = "Azure ML registry.")
    String registry;

    AzureMlTarget of(Where where) {
      return workspace != null
          ? AzureMlTarget.workspace(where.subscription, where.resourceGroup, workspace)
          : AzureMlTarget.registry(where.subscription, where.resourceGroup, registry);
    }
  }

  /** {@code azure push NAME@V --subscription S --resource-group G (--workspace W|--registry R)}. */
  @Command(
      name = "push",
      mixinStandardHelpOptions = true,
      description = {
        "Upload a local model version and register it as an mlflow_model version in Azure ML,"
            + " with lineage tags and its bundle SHA-256. Pushing the same bundle again succeeds"
            + " without uploading; a version holding another bundle is a conflict. An interrupted"
            + " upload resumes when the command is run again."
      })
  static final class Push implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME@V|NAME@ALIAS", description = "Local model.")
    String model;

    @Mixin Where where;

    @ArgGroup(multiplicity = "1")
    Target target;

    @Option(
        names = "--azure-name",
        paramLabel = "N",
        description = "Azure ML model name (default: the local name).")
    String azureName;

    @Option(
        names = "--azure-version",
        paramLabel = "V",
        description = "Azure ML version (default: the local version number).")
    String azureVersion;

    @Option(names = "--description", paramLabel = "TEXT", description = "Version description.")
    String description;

    @Option(names = "--dry-run", description = "Print every request (no secrets); send none.")
    boolean dryRun;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      LocalModelRegistry local = LocalModelRegistry.open(ctx.home());
      ModelVersion v = local.resolve(ModelRef.parse(model));
      ModelBundle bundle = local.bundle(v.ref());
      PushRequest.Builder request =
          PushRequest.builder(
                  target.of(where),
                  bundle,
                  azureName == null ? v.name() : azureName,
                  azureVersion == null ? Integer.toString(v.version()) : azureVersion)
              .source(v.ref());
      Optional.ofNullable(description).or(() -> v.description()).ifPresent(request::description);
      AzureMl azure = where.connect(dryRun ? Optional.of(dryRunPrinter(ctx)) : Optional.empty());
      PushResult r = azure.push(request.build());
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("model", v.ref().toString());
      json.put("target", r.target().toString());
      json.put("azureName", r.azureName());
      json.put("azureVersion", r.azureVersion());
      json.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
      json.put("modelUri", r.modelUri());
      json.put("assetId", r.assetId());
      json.put("bundleSha256", r.bundleSha256());
      json.put("filesUploaded", r.filesUploaded());
      json.put("blocksResumed", r.blocksResumed());
      String what = r.azureName() + " version " + r.azureVersion() + " in " + r.target();
      String text =
          switch (r.outcome()) {
            case CREATED ->
                "pushed "
                    + v.ref()
                    + " as "
                    + what
                    + "\n  model URI: "
                    + r.modelUri()
                    + "\n  asset id:  "
                    + r.assetId()
                    + "\n  sha256:    "
                    + r.bundleSha256()
                    + (r.blocksResumed() > 0
                        ? "\n  resumed an interrupted upload (" + r.blocksResumed() + " blocks)"
                        : "");
            case ALREADY_PUSHED ->
                "already pushed: "
                    + what
                    + " holds this bundle (sha256 "
                    + r.bundleSha256()
                    + "); nothing uploaded";
            case DRY_RUN -> "dry run: nothing was sent";
          };
      ctx.print(json, text);
    }
  }

  private static java.util.function.Consumer<String> dryRunPrinter(Context ctx) {
    return line -> {
      ctx.out().println(line);
      ctx.out().flush();
    };
  }

  /** {@code azure pull NAME:VERSION (--workspace W|--registry R) [--as LOCAL]}. */
  @Command(
      name = "pull",
      mixinStandardHelpOptions = true,
      description =
          "Download a version Boostline pushed, check its SHA-256 and golden rows, and register"
              + " it in the local registry.")
  static final class Pull implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME:VERSION", description = "Azure ML model version.")
    String model;

    @Mixin Where where;

    @ArgGroup(multiplicity = "1")
    Target target;

    @Option(
        names = "--as",
        paramLabel = "LOCAL",
        description = "Local model name (default: the Azure ML name).")
    String as;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      int colon = model.lastIndexOf(':');
      if (colon <= 0 || colon == model.length() - 1) {
        throw new IllegalArgumentException(
            "\"" + model + "\": give the Azure ML model as NAME:VERSION, e.g. income:3");
      }
      String name = model.substring(0, colon);
      String version = model.substring(colon + 1);
      AzureMlTarget t = target.of(where);
      ModelBundle bundle = where.connect(Optional.empty()).pull(t, name, version);
      LocalModelRegistry local = LocalModelRegistry.open(ctx.home());
      ModelVersion v =
          local.register(
              as == null ? name : as,
              bundle,
              Optional.of("pulled from Azure ML: " + name + ":" + version + " in " + t));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("azure", name + ":" + version);
      json.put("model", v.ref().toString());
      ctx.print(
          json,
          "pulled "
              + name
              + ":"
              + version
              + " from "
              + t
              + " as "
              + v.ref()
              + " (SHA-256 and golden rows checked)");
    }
  }

  /** {@code azure deploy NAME@V --workspace W --endpoint E}. */
  @Command(
      name = "deploy",
      mixinStandardHelpOptions = true,
      description = {
        "Create or update a managed online endpoint (key auth) and a deployment of a pushed"
            + " model version, wait for both, set the deployment's share of traffic, and print"
            + " the scoring URI. NAME@V is the Azure ML model name and version as pushed; with"
            + " --registry the version is taken from that registry."
      })
  static final class Deploy implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME@V", description = "Azure ML model version.")
    String model;

    @Mixin Where where;

    @Option(names = "--workspace", required = true, paramLabel = "W", description = "Workspace.")
    String workspace;

    @Option(
        names = "--registry",
        paramLabel = "R",
        description = "Take the model version from this registry.")
    String registry;

    @Option(names = "--endpoint", required = true, paramLabel = "E", description = "Endpoint.")
    String endpoint;

    @Option(names = "--deployment", paramLabel = "D", description = "Deployment (default blue).")
    String deployment = "blue";

    @Option(
        names = "--instance-type",
        paramLabel = "T",
        description = "VM size (default Standard_DS3_v2).")
    String instanceType = "Standard_DS3_v2";

    @Option(names = "--instances", paramLabel = "N", description = "Instances (default 1).")
    int instances = 1;

    @Option(
        names = "--traffic",
        paramLabel = "P",
        description = "Percent of the endpoint's traffic for this deployment (default 100).")
    int traffic = 100;

    @Option(
        names = "--location",
        paramLabel = "L",
        description = "Region of a new endpoint (the workspace's region).")
    String location;

    @Option(names = "--dry-run", description = "Print every request (no secrets); send none.")
    boolean dryRun;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      int at = model.lastIndexOf('@');
      if (at <= 0 || at == model.length() - 1) {
        throw new IllegalArgumentException(
            "\"" + model + "\": give the Azure ML model as NAME@VERSION, e.g. income@3");
      }
      String name = model.substring(0, at);
      String version = model.substring(at + 1);
      AzureMlTarget ws =
          AzureMlTarget.workspace(where.subscription, where.resourceGroup, workspace);
      String asset =
          registry == null
              ? ws.versionPath(name, version)
              : "azureml://registries/" + registry + "/models/" + name + "/versions/" + version;
      DeployRequest.Builder request =
          DeployRequest.builder(ws, asset, endpoint)
              .deployment(deployment)
              .instanceType(instanceType)
              .instances(instances)
              .traffic(traffic);
      if (location != null) {
        request.location(location);
      }
      AzureMl azure = where.connect(dryRun ? Optional.of(dryRunPrinter(ctx)) : Optional.empty());
      DeployResult r = azure.deploy(request.build());
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("endpoint", r.endpoint());
      json.put("deployment", r.deployment());
      json.put("scoringUri", r.scoringUri());
      json.put("traffic", r.traffic());
      ctx.print(
          json,
          "deployed "
              + name
              + "@"
              + version
              + " as "
              + r.endpoint()
              + "/"
              + r.deployment()
              + " (traffic "
              + r.traffic()
              + ")\n  scoring URI: "
              + r.scoringUri());
    }
  }

  /** {@code azure invoke --endpoint E FILE.csv --workspace W [--model NAME@V]}. */
  @Command(
      name = "invoke",
      mixinStandardHelpOptions = true,
      description = {
        "Send the records of a CSV file to an endpoint in Azure ML's input_data format and print"
            + " the answers; with --model, compare them with the local version's batch scores"
            + " (exit 1 when any differs by more than 1e-6)."
      })
  static final class Invoke implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "CSV file of raw records.")
    Path file;

    @Mixin Where where;

    @Option(names = "--workspace", required = true, paramLabel = "W", description = "Workspace.")
    String workspace;

    @Option(names = "--endpoint", required = true, paramLabel = "E", description = "Endpoint.")
    String endpoint;

    @Option(
        names = "--model",
        paramLabel = "NAME@V",
        description = "Local model version to compare the answers with.")
    String model;

    @Option(
        names = "--tolerance",
        paramLabel = "X",
        description = "Largest difference accepted by the comparison (default 1e-6).")
    double tolerance = 1e-6;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      AzureMlTarget ws =
          AzureMlTarget.workspace(where.subscription, where.resourceGroup, workspace);
      Scorer scorer = null;
      try {
        Dataset data;
        List<String> columns;
        if (model != null) {
          LocalModelRegistry local = LocalModelRegistry.open(ctx.home());
          scorer = local.bundle(local.resolve(ModelRef.parse(model)).ref()).open();
          data =
              CsvReader.read(
                      file,
                      CsvOptions.defaults(),
                      java.util.Optional.of(
                          BatchScoring.schemaFor(
                              scorer, CsvReader.header(file, CsvOptions.defaults()))))
                  .dataset();
          columns = scorer.features().requiredColumns();
        } else {
          data = CsvReader.read(file, CsvOptions.defaults(), java.util.Optional.empty()).dataset();
          columns = data.schema().names();
        }
        Table t = data.table();
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
          List<Object> row = new ArrayList<>();
          for (String c : columns) {
            if (!t.containsColumn(c)) {
              throw new IllegalArgumentException(
                  file + " has no column \"" + c + "\", which the model reads");
            }
            Column<?> col = t.column(c);
            Object v = col.isMissing(r) ? null : col.get(r);
            row.add(v instanceof LocalDateTime time ? time.toString() : v);
          }
          rows.add(row);
        }
        List<double[]> answers =
            where.connect(Optional.empty()).invoke(ws, endpoint, columns, rows);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("endpoint", endpoint);
        json.put("records", rows.size());
        json.put("predictions", answers);
        StringBuilder text = new StringBuilder();
        text.append("scored ").append(rows.size()).append(" records on ").append(endpoint);
        if (scorer != null) {
          float[][] local = scorer.outputs(t);
          double worst = 0;
          for (int i = 0; i < local.length; i++) {
            for (int k = 0; k < local[i].length; k++) {
              double d = Math.abs(answers.get(i)[k] - local[i][k]);
              worst = Math.max(worst, d / Math.max(1.0, Math.abs(local[i][k])));
            }
          }
          json.put("comparedWith", model);
          json.put("maxDifference", worst);
          text.append(
              String.format(
                  Locale.ROOT,
                  "; largest difference from %s's local scores: %.3g (%s %.0e)",
                  model,
                  worst,
                  worst <= tolerance ? "within" : "OVER",
                  tolerance));
          if (!(worst <= tolerance)) {
            ctx.print(json, text.toString());
            throw new dev.boostline.common.BoostlineException(
                "endpoint "
                    + endpoint
                    + " does not score like "
                    + model
                    + " (max difference "
                    + worst
                    + ")");
          }
        } else {
          for (double[] a : answers) {
            text.append('\n')
                .append(a.length == 1 ? Double.toString(a[0]) : java.util.Arrays.toString(a));
          }
        }
        ctx.print(json, text.toString());
      } finally {
        if (scorer != null) {
          scorer.close();
        }
      }
    }
  }
}
