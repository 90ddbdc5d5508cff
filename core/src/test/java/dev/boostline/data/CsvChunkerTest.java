package dev.boostline.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.util.internal.SplitMix64;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The chunker cuts files of millions of rows into 4 MB chunks; here chunks of a few bytes, so that
 * every cut lands next to quotes, separators, spaces and each kind of line end.
 */
class CsvChunkerTest {
  private static final String ALPHABET = "ab1 ,;\t\"\n\r.";

  @Test
  void chunks_are_whole_records_that_add_up_to_the_input_and_know_their_first_line()
      throws IOException {
    assertThat(cutAndCheck(ALPHABET, 300, 40, 7))
        .as("cuts made across the inputs")
        .isGreaterThan(5_000);
  }

  /**
   * Runs of bytes without quotes or CRs are skimmed eight at a time: long inputs where quotes and
   * CRs are rare, so that skimmed runs of every length meet every kind of byte after them.
   */
  @Test
  void skimmed_runs_cut_where_the_state_machine_does() throws IOException {
    String rare = "ab1 ,;\t\n.".repeat(12) + "\"\r";
    assertThat(cutAndCheck(rare, 2000, 300, 11))
        .as("cuts made across the inputs")
        .isGreaterThan(5_000);
    assertThat(cutAndCheck("ab1 ,;\t\n.", 2000, 300, 13)).isGreaterThan(5_000);
  }

  /** Cuts 3,000 random inputs of the alphabet's bytes and checks every chunk; returns the cuts. */
  private static int cutAndCheck(String alphabet, int maxLength, int maxTarget, long seed)
      throws IOException {
    SplitMix64 rng = new SplitMix64(seed);
    int cuts = 0;
    for (int t = 0; t < 3000; t++) {
      StringBuilder sb = new StringBuilder();
      for (int i = rng.nextInt(maxLength); i > 0; i--) {
        sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
      }
      byte[] in = sb.toString().getBytes(StandardCharsets.UTF_8);
      char sep = ",;\t".charAt(rng.nextInt(3));
      int target = 1 + rng.nextInt(maxTarget);
      Set<Integer> ends = recordEnds(in, (byte) sep);
      CsvChunker chunker =
          new CsvChunker(new ByteArrayInputStream(in), "t.csv", sep, '"', 1, target, 1 << 20);
      ByteArrayOutputStream joined = new ByteArrayOutputStream();
      CsvChunker.Chunk c;
      while ((c = chunker.next()) != null) {
        int start = joined.size();
        String context = "input " + t + " " + show(in) + ", chunk at byte " + start;
        assertThat(c.firstLine()).as(context).isEqualTo(1 + lineEnds(in, start));
        joined.write(c.bytes(), 0, c.length());
        if (joined.size() < in.length) {
          assertThat(ends).as(context + ": a cut outside a record end").contains(joined.size());
          cuts++;
        }
      }
      assertThat(joined.toByteArray()).isEqualTo(in);
    }
    return cuts;
  }

  /**
   * Byte offsets just after each record's line end (CR, LF or CRLF outside quotes). A quote opens a
   * quoted field only where a field starts (spaces and tabs before it allowed, unless the tab is
   * the separator); inside, a doubled quote is a quote and a single one closes the field.
   */
  private static Set<Integer> recordEnds(byte[] in, byte sep) {
    Set<Integer> ends = new HashSet<>();
    boolean fieldStart = true;
    boolean quoted = false;
    for (int i = 0; i < in.length; i++) {
      byte c = in[i];
      if (quoted) {
        if (c == '"') {
          if (i + 1 < in.length && in[i + 1] == '"') {
            i++;
          } else {
            quoted = false;
          }
        }
      } else if (c == sep) {
        fieldStart = true;
      } else if (c == '\n' || c == '\r') {
        int end = c == '\r' && i + 1 < in.length && in[i + 1] == '\n' ? ++i + 1 : i + 1;
        ends.add(end);
        fieldStart = true;
      } else if (fieldStart && c == '"') {
        quoted = true;
        fieldStart = false;
      } else if (!(fieldStart && (c == ' ' || (c == '\t' && sep != '\t')))) {
        fieldStart = false;
      }
    }
    return ends;
  }

  /** Line ends (CRLF counted once, quoted or not) in the first {@code n} bytes. */
  private static int lineEnds(byte[] in, int n) {
    int lines = 0;
    for (int i = 0; i < n; i++) {
      if (in[i] == '\n' && (i == 0 || in[i - 1] != '\r')) {
        lines++;
      } else if (in[i] == '\r') {
        lines++;
      }
    }
    return lines;
  }

  private static String show(byte[] in) {
    return new String(in, StandardCharsets.UTF_8).replace("\r", "\\r").replace("\n", "\\n");
  }
}
