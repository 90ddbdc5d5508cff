package dev.boostline.azure;

/**
 * What a push did.
 *
 * @param modelUri where the model's files are ({@code azureml://...} for a workspace, the blob
 *     folder for a registry)
 * @param assetId the id deployments use: the ARM id of a workspace version, {@code
 *     azureml://registries/...} for a registry version
 * @param bundleSha256 the SHA-256 of the pushed files (see the azure README)
 * @param outcome whether the version was created, was already there, or was only described
 * @param filesUploaded files sent by this push (0 when already pushed or in a dry run)
 * @param blocksResumed blocks an earlier, interrupted push had already sent
 */
public record PushResult(
    AzureMlTarget target,
    String azureName,
    String azureVersion,
    String modelUri,
    String assetId,
    String bundleSha256,
    Outcome outcome,
    int filesUploaded,
    int blocksResumed) {
  /** What happened to the version. */
  public enum Outcome {
    /** Uploaded and registered. */
    CREATED,
    /** The version already held this bundle (same SHA-256): nothing was sent. */
    ALREADY_PUSHED,
    /** Dry run: every request was described, none sent. */
    DRY_RUN
  }
}
