package dev.boostline.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle digest identifies a pushed version in the workspace, so it must never change for the
 * same files. The expected values were computed outside Java, with {@code sha256sum}.
 */
class StagedBundleTest {
  @TempDir Path dir;

  @Test
  void the_digest_of_a_directory_is_pinned_by_its_files_in_path_order() throws Exception {
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("a.txt"), "abc");
    byte[] bytes = new byte[70_000];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i % 251);
    }
    Files.write(dir.resolve("sub/b.bin"), bytes);
    Files.write(dir.resolve("sub/empty"), new byte[0]);
    try (StagedBundle s = StagedBundle.of(dir)) {
      assertThat(s.files())
          .containsExactly(
              new StagedBundle.StagedFile(
                  "a.txt", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
              new StagedBundle.StagedFile(
                  "sub/b.bin",
                  70_000,
                  "9dc177c2fde29dea8e7c29f7ddf147b7c449c99d049c62f3aac0a5933ecf76a3"),
              new StagedBundle.StagedFile(
                  "sub/empty",
                  0,
                  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
      assertThat(s.sha256())
          .isEqualTo("16d4a8f39592f1058ef725662f947b9de52f492238eaa9606f5c9923fa2bb3f9");
      assertThat(s.bytes()).isEqualTo(70_003);
    }
    // Not staged by this object: close() leaves the directory alone.
    assertThat(dir.resolve("a.txt")).exists();
  }
}
