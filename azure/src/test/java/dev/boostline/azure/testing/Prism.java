package dev.boostline.azure.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Stoplight Prism as a validating proxy ({@code prism proxy --errors}) in front of an upstream,
 * loaded with Microsoft's Azure ML 2025-09-01 spec: a request that does not match the real API is
 * answered 422 with the violations in {@code sl-violations}, and never reaches the upstream.
 */
public final class Prism extends ChildProcess {
  private Prism(Path spec, String upstream, int port) {
    super(
        "prism",
        List.of(
            NpmTools.require("prism").toString(),
            "proxy",
            "--errors",
            "-h",
            "127.0.0.1",
            "-p",
            Integer.toString(port),
            spec.toString(),
            upstream),
        port,
        Duration.ofSeconds(90));
  }

  private static final String MFE =
      "specification/machinelearningservices/resource-manager/"
          + "Microsoft.MachineLearningServices/stable/2025-09-01/mfe.prism.json";

  /** Starts Prism in front of {@code upstream} (fails in CI, skips elsewhere, when missing). */
  public static Prism start(String upstream) {
    NpmTools.require("prism");
    return new Prism(spec(), upstream, freePort());
  }

  /**
   * The spec Prism loads: the test resources' copy of Microsoft's files, in a temporary directory,
   * with one change. Prism does not dispatch Swagger 2 discriminators, so it would check a
   * datastore answer against the abstract {@code Datastore} (whose {@code additionalProperties:
   * false} refuses {@code accountName} and every other field of a blob datastore). The copy points
   * {@code DatastoreResource.properties} at {@code AzureBlobDatastore}, the variant the adapter
   * reads; every other definition is Microsoft's.
   */
  public static Path spec() {
    try {
      Path copy = Files.createTempDirectory("boostline-spec-");
      for (String file : FILES) {
        Path target = copy.resolve(file);
        Files.createDirectories(target.getParent());
        try (InputStream in = Prism.class.getResourceAsStream("/azure-ml-spec/" + file)) {
          if (in == null) {
            throw new IllegalStateException("test resource /azure-ml-spec/" + file + " is missing");
          }
          Files.write(target, in.readAllBytes());
        }
      }
      Path mfe = copy.resolve(MFE);
      ObjectMapper json = new ObjectMapper();
      ObjectNode root = (ObjectNode) json.readTree(mfe.toFile());
      ((ObjectNode)
              root.path("definitions")
                  .path("DatastoreResource")
                  .path("properties")
                  .path("properties"))
          .put("$ref", "#/definitions/AzureBlobDatastore");
      json.writeValue(mfe.toFile(), root);
      return mfe;
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare the spec for Prism", e);
    }
  }

  /** The spec's files (test resources under /azure-ml-spec/), the first one the root. */
  private static final List<String> FILES =
      List.of(
          MFE,
          MFE.replace("mfe.prism.json", "machineLearningServices.prism.json"),
          MFE.replace("mfe.prism.json", "registries.prism.json"),
          "specification/common-types/resource-management/v3/types.json",
          "specification/common-types/resource-management/v3/managedidentity.json",
          "specification/common-types/resource-management/v3/privatelinks.json");

  public String url() {
    return "http://127.0.0.1:" + port();
  }
}
