package dev.boostline.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SHA-256 as Boostline records it: lower-case hex, the same for a file and for its bytes. */
class HashesTest {
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String EMPTY =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @TempDir Path dir;

  @Test
  void digests_are_the_standard_sha256_in_lower_case_hex() throws Exception {
    assertThat(Hashes.sha256("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ABC);
    assertThat(Hashes.sha256(new byte[0])).isEqualTo(EMPTY);
    assertThat(Hashes.sha256(Files.writeString(dir.resolve("abc.txt"), "abc"))).isEqualTo(ABC);
    assertThat(Hashes.sha256(Files.write(dir.resolve("empty"), new byte[0]))).isEqualTo(EMPTY);
  }

  @Test
  void a_file_larger_than_the_read_buffer_hashes_like_its_bytes() throws Exception {
    byte[] bytes = new byte[200_001];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i % 251);
    }
    Path f = Files.write(dir.resolve("big.bin"), bytes);
    assertThat(Hashes.sha256(f)).isEqualTo(Hashes.sha256(bytes)).matches("[0-9a-f]{64}");
  }

  @Test
  void a_missing_file_is_named_in_the_error() {
    Path missing = dir.resolve("nope.bin");
    assertThatThrownBy(() -> Hashes.sha256(missing))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(missing.toString());
  }
}
