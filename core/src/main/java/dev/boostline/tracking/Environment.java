package dev.boostline.tracking;

import dev.boostline.xgboost.internal.NativeBooster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a run happened: library versions, Java, operating system, cores, and the git commit of the
 * working directory when it is inside a git repository.
 */
public record Environment(
    String boostlineVersion,
    String xgboostVersion,
    String javaVersion,
    String javaVendor,
    String os,
    String osVersion,
    String arch,
    int cores,
    Optional<String> gitCommit) {

  /** The environment of this process. */
  public static Environment capture() {
    return new Environment(
        dev.boostline.common.LibraryVersion.current(),
        NativeBooster.xgboostVersion(),
        System.getProperty("java.version"),
        System.getProperty("java.vendor"),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(),
        gitCommit(Path.of("").toAbsolutePath()));
  }

  /** Reads HEAD of the repository containing {@code dir} (no git binary needed). */
  static Optional<String> gitCommit(Path dir) {
    for (Path p = dir; p != null; p = p.getParent()) {
      Path git = p.resolve(".git");
      if (Files.isDirectory(git)) {
        try {
          String head = Files.readString(git.resolve("HEAD"), StandardCharsets.UTF_8).trim();
          if (!head.startsWith("ref: ")) {
            return Optional.of(head);
          }
          String ref = head.substring(5).trim();
          Path loose = git.resolve(ref);
          if (Files.isRegularFile(loose)) {
            return Optional.of(Files.readString(loose, StandardCharsets.UTF_8).trim());
          }
          Path packed = git.resolve("packed-refs");
          if (Files.isRegularFile(packed)) {
            for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
              if (line.endsWith(" " + ref)) {
                return Optional.of(line.substring(0, line.indexOf(' ')));
              }
            }
          }
          return Optional.empty(); // a repository without commits yet
        } catch (IOException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
