package dev.boostline.azure.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

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
      Path source =
          Path.of(Prism.class.getResource("/azure-ml-spec/" + MFE).toURI())
              .getParent()
              .getParent()
              .getParent()
              .getParent()
              .getParent()
              .getParent()
              .getParent();
      Path copy = Files.createTempDirectory("boostline-spec-");
      try (Stream<Path> walk = Files.walk(source)) {
        for (Path p : walk.toList()) {
          Path target = copy.resolve(source.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else {
            Files.copy(p, target);
          }
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
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot prepare the spec for Prism", e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }
}
