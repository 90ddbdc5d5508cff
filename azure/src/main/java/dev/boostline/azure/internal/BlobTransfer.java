package dev.boostline.azure.internal;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.Block;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import dev.boostline.azure.AzureMlException;
import dev.boostline.common.Hashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Uploads a staged bundle to a blob "folder" in blocks, and downloads one back.
 *
 * <p>Each file is cut into blocks of a fixed size whose ids derive from the file's SHA-256 and the
 * block's index, sent with their MD5 (the service checks it), several at once, each retried by the
 * storage pipeline. A file is committed with its SHA-256 as metadata. A re-run after an
 * interruption skips files already committed with the same SHA-256 and, within a file, blocks
 * already staged: it resumes rather than restarts. Thread-safe.
 */
public final class BlobTransfer {
  /** Blob metadata key holding the file's SHA-256. */
  public static final String SHA_METADATA = "boostline_sha256";

  private final int blockSize;
  private final int parallelism;

  public BlobTransfer(int blockSize, int parallelism) {
    this.blockSize = blockSize;
    this.parallelism = parallelism;
  }

  /**
   * What an upload did.
   *
   * @param filesSkipped files already there with the same SHA-256
   * @param blocksSent blocks sent by this run
   * @param blocksSkipped blocks staged by an earlier, interrupted run
   */
  public record Report(int files, int filesSkipped, int blocksSent, int blocksSkipped) {}

  /** Describes the upload without sending anything. */
  public void describe(String folderUrl, StagedBundle bundle, Consumer<String> out) {
    for (StagedBundle.StagedFile f : bundle.files()) {
      long blocks = Math.max(1, (f.size() + blockSize - 1) / blockSize);
      out.accept(
          "PUT "
              + Redact.url(folderUrl)
              + "/"
              + f.path()
              + "    ("
              + f.size()
              + " bytes in "
              + blocks
              + " block"
              + (blocks == 1 ? "" : "s")
              + " of at most "
              + blockSize
              + ", sha256 "
              + f.sha256()
              + ")");
    }
  }

  /**
   * Uploads every file of {@code bundle} under {@code prefix} (no trailing slash) and verifies that
   * each blob holds the file's size and SHA-256.
   *
   * @throws AzureMlException when a block cannot be sent after the storage pipeline's retries (the
   *     blocks already staged are kept for the next run) or a blob does not verify
   */
  public Report upload(BlobContainerClient container, String prefix, StagedBundle bundle) {
    int skippedFiles = 0;
    int sent = 0;
    int skippedBlocks = 0;
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, daemon());
    try {
      for (StagedBundle.StagedFile f : bundle.files()) {
        BlockBlobClient blob =
            container.getBlobClient(prefix + "/" + f.path()).getBlockBlobClient();
        if (committed(blob, f)) {
          skippedFiles++;
          continue;
        }
        Set<String> staged = uncommitted(blob);
        List<String> ids = new ArrayList<>();
        List<Future<?>> pending = new ArrayList<>();
        long blocks = Math.max(1, (f.size() + blockSize - 1) / blockSize);
        Path file = bundle.dir().resolve(f.path());
        for (int i = 0; i < blocks; i++) {
          String id = blockId(f.sha256(), i);
          ids.add(id);
          if (staged.contains(id)) {
            skippedBlocks++;
            continue;
          }
          long offset = (long) i * blockSize;
          int length = (int) Math.min(blockSize, f.size() - offset);
          pending.add(pool.submit(() -> stage(blob, id, file, offset, length)));
          sent++;
        }
        int done = 0;
        for (Future<?> p : pending) {
          try {
            p.get();
            done++;
          } catch (ExecutionException e) {
            pending.forEach(x -> x.cancel(true));
            Throwable cause = e.getCause();
            throw new AzureMlException(
                "upload of "
                    + f.path()
                    + " stopped after "
                    + (blocks - pending.size() + done)
                    + " of "
                    + blocks
                    + " blocks: "
                    + describe(cause)
                    + "; run the push again to resume (the blocks sent are kept)",
                cause instanceof BlobStorageException b ? b.getStatusCode() : 0,
                cause instanceof BlobStorageException b ? b.getErrorCode().toString() : null,
                cause);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AzureMlException("interrupted while uploading " + f.path());
          }
        }
        BlockBlobCommitBlockListOptions commit =
            new BlockBlobCommitBlockListOptions(ids)
                .setMetadata(Map.of(SHA_METADATA, f.sha256()))
                .setHeaders(new BlobHttpHeaders().setContentType(contentType(f.path())));
        try {
          blob.commitBlockListWithResponse(commit, null, Context.NONE);
        } catch (BlobStorageException e) {
          throw storage("committing " + f.path(), e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    for (StagedBundle.StagedFile f : bundle.files()) {
      BlockBlobClient blob = container.getBlobClient(prefix + "/" + f.path()).getBlockBlobClient();
      if (!committed(blob, f)) {
        throw new AzureMlException(
            "upload of " + f.path() + " did not verify: the blob's size or SHA-256 differs");
      }
    }
    return new Report(bundle.files().size(), skippedFiles, sent, skippedBlocks);
  }

  /**
   * Downloads every blob under {@code prefix} into {@code dir} (relative paths kept), checking each
   * against the SHA-256 it was committed with when it has one.
   *
   * @return the number of files
   */
  public int download(BlobContainerClient container, String prefix, Path dir) {
    int n = 0;
    try {
      for (BlobItem item :
          container.listBlobs(
              new ListBlobsOptions()
                  .setPrefix(prefix + "/")
                  .setDetails(
                      new com.azure.storage.blob.models.BlobListDetails()
                          .setRetrieveMetadata(true)),
              null)) {
        String rel = item.getName().substring(prefix.length() + 1);
        Path target = dir.resolve(rel).normalize();
        if (!target.startsWith(dir) || rel.isEmpty()) {
          throw new AzureMlException("refusing blob " + item.getName() + ": it escapes " + dir);
        }
        Files.createDirectories(target.getParent());
        container.getBlobClient(item.getName()).downloadToFile(target.toString(), true);
        String expected = item.getMetadata() == null ? null : item.getMetadata().get(SHA_METADATA);
        if (expected != null && !expected.equals(Hashes.sha256(target))) {
          throw new AzureMlException(
              "downloaded " + rel + " does not match the SHA-256 it was uploaded with");
        }
        n++;
      }
    } catch (BlobStorageException e) {
      throw storage("downloading " + prefix, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write into " + dir, e);
    }
    return n;
  }

  private static boolean committed(BlockBlobClient blob, StagedBundle.StagedFile f) {
    try {
      BlobProperties p = blob.getProperties();
      return p.getBlobSize() == f.size()
          && p.getMetadata() != null
          && f.sha256().equals(p.getMetadata().get(SHA_METADATA));
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        return false;
      }
      throw storage("reading " + blob.getBlobName(), e);
    }
  }

  private static Set<String> uncommitted(BlockBlobClient blob) {
    try {
      Set<String> ids = new HashSet<>();
      for (Block b : blob.listBlocks(BlockListType.UNCOMMITTED).getUncommittedBlocks()) {
        ids.add(b.getName());
      }
      return ids;
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        return Set.of();
      }
      throw storage("listing the blocks of " + blob.getBlobName(), e);
    }
  }

  private static void stage(BlockBlobClient blob, String id, Path file, long offset, int length) {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (buffer.hasRemaining()) {
        if (ch.read(buffer, offset + buffer.position()) < 0) {
          throw new IOException("unexpected end of " + file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] bytes = buffer.array();
    blob.stageBlockWithResponse(
        new BlockBlobStageBlockOptions(id, BinaryData.fromBytes(bytes)).setContentMd5(md5(bytes)),
        null,
        Context.NONE);
  }

  /** Block ids of equal length (the service requires it), stable across runs. */
  static String blockId(String fileSha, int index) {
    return Base64.getEncoder()
        .encodeToString(
            String.format(java.util.Locale.ROOT, "%s-%07d", fileSha.substring(0, 32), index)
                .getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] md5(byte[] bytes) {
    try {
      return MessageDigest.getInstance("MD5").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String contentType(String path) {
    if (path.endsWith(".json")) {
      return "application/json";
    }
    if (path.endsWith(".yaml") || path.equals("MLmodel")) {
      return "application/x-yaml";
    }
    if (path.endsWith(".py") || path.endsWith(".txt")) {
      return "text/plain; charset=utf-8";
    }
    return "application/octet-stream";
  }

  private static String describe(Throwable t) {
    if (t instanceof BlobStorageException b) {
      return "storage answered HTTP " + b.getStatusCode() + " " + b.getErrorCode();
    }
    return String.valueOf(t);
  }

  static AzureMlException storage(String doing, BlobStorageException e) {
    return new AzureMlException(
        doing
            + ": storage answered HTTP "
            + e.getStatusCode()
            + " "
            + e.getErrorCode()
            + ": "
            + Redact.url(firstLine(e.getServiceMessage())),
        e.getStatusCode(),
        e.getErrorCode() == null ? null : e.getErrorCode().toString(),
        e);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "boostline-upload");
      t.setDaemon(true);
      return t;
    };
  }
}
