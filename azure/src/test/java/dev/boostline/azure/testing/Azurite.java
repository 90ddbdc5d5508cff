package dev.boostline.azure.testing;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.time.Duration;
import java.util.List;

/**
 * Azurite's blob service, in memory, on a free loopback port, without telemetry: a real Azure
 * Storage emulator for the adapter's uploads and downloads. Uses the emulator's published
 * development account.
 */
public final class Azurite extends ChildProcess {
  /** Azurite's well-known development account. */
  public static final String ACCOUNT = "devstoreaccount1";

  /** Azurite's published development key (not a secret). */
  public static final String KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private Azurite(int port) {
    super(
        "azurite",
        List.of(
            NpmTools.require("azurite-blob").toString(),
            "--blobHost",
            "127.0.0.1",
            "--blobPort",
            Integer.toString(port),
            "--inMemoryPersistence",
            "--disableTelemetry",
            "--skipApiVersionCheck",
            "--silent"),
        port,
        Duration.ofSeconds(60));
  }

  /** Starts Azurite (fails in CI, skips elsewhere, when it is not installed). */
  public static Azurite start() {
    NpmTools.require("azurite-blob");
    return new Azurite(freePort());
  }

  /**
   * The blob endpoint of the development account: {@code http://127.0.0.1:<port>/devstoreaccount1}.
   */
  public String endpoint() {
    return "http://127.0.0.1:" + port() + "/" + ACCOUNT;
  }

  /** A client of the development account. */
  public BlobServiceClient client() {
    return new BlobServiceClientBuilder()
        .endpoint(endpoint())
        .credential(new StorageSharedKeyCredential(ACCOUNT, KEY))
        .buildClient();
  }
}
