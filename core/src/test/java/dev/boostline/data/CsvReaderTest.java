package dev.boostline.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;

class CsvReaderTest {
  @TempDir Path dir;

  private CsvReader.Result read(String text) {
    return CsvReader.read(
        TestData.write(dir, "t.csv", text), CsvOptions.defaults(), java.util.Optional.empty());
  }

  private static Schema schemaOf(CsvReader.Result r) {
    return r.dataset().schema();
  }

  @Test
  void infers_every_column_type() {
    CsvReader.Result r =
        read(
            "i,d,b,c,t,when,code\n"
                + "1,1.5,true,red,alpha one,2024-01-02,007\n"
                + "2,2,false,blue,beta two,2024-01-03T04:05:06,008\n"
                + "3,,TRUE,red,gamma three,,009\n");
    Schema s = schemaOf(r);
    assertThat(s.columns())
        .containsExactly(
            new ColumnSchema("i", ColumnType.INTEGER, false),
            new ColumnSchema("d", ColumnType.DOUBLE, true),
            new ColumnSchema("b", ColumnType.BOOLEAN, false),
            new ColumnSchema("c", ColumnType.CATEGORICAL, false),
            new ColumnSchema("t", ColumnType.CATEGORICAL, false),
            new ColumnSchema("when", ColumnType.DATETIME, true),
            new ColumnSchema("code", ColumnType.CATEGORICAL, false));
    assertThat(r.dataset().table().dateTimeColumn("when").get(1))
        .isEqualTo(LocalDateTime.of(2024, 1, 3, 4, 5, 6));
    assertThat(((DoubleColumn) r.dataset().table().column("d")).isMissing(2)).isTrue();
  }

  @Test
  void many_distinct_strings_are_text_not_categorical() {
    StringBuilder sb = new StringBuilder("id,comment\n");
    for (int i = 0; i < 300; i++) {
      sb.append(i).append(",comment number ").append(i).append('\n');
    }
    assertThat(schemaOf(read(sb.toString())).column(1).type()).isEqualTo(ColumnType.TEXT);
  }

  @Test
  void an_all_missing_column_is_a_nullable_double() {
    assertThat(schemaOf(read("a,b\n1,\n2,NA\n")).column(1))
        .isEqualTo(new ColumnSchema("b", ColumnType.DOUBLE, true));
  }

  @Test
  void reads_quotes_doubled_quotes_embedded_separators_and_line_breaks() {
    CsvReader.Result r =
        read("name,quote\n\"Smith, J\",\"said \"\"hi\"\"\nthen left\"\nplain,  padded  \n");
    StringColumn q = r.dataset().table().stringColumn("quote");
    assertThat(r.dataset().table().stringColumn("name").get(0)).isEqualTo("Smith, J");
    assertThat(q.get(0)).isEqualTo("said \"hi\"\nthen left");
    assertThat(q.get(1)).isEqualTo("padded");
  }

  @Test
  void sniffs_semicolons_tabs_and_pipes() {
    for (String sep : List.of(";", "\t", "|")) {
      CsvReader.Result r = read(String.join(sep, "a", "b", "c") + "\n1" + sep + "2" + sep + "x\n");
      assertThat(r.separator()).isEqualTo(sep.charAt(0));
      assertThat(schemaOf(r).names()).containsExactly("a", "b", "c");
    }
  }

  @Test
  void handles_crlf_a_byte_order_mark_and_blank_lines() {
    CsvReader.Result r = read("\uFEFFa,b\r\n1,2\r\n\r\n3,4\r\n");
    assertThat(schemaOf(r).names()).containsExactly("a", "b");
    assertThat(r.dataset().rowCount()).isEqualTo(2);
  }

  @Test
  void reads_gzip_by_content_and_hashes_the_stored_bytes() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write("a,b\n1,x\n2,y\n".getBytes(StandardCharsets.UTF_8));
    }
    Path f = TestData.write(dir, "data.csv.gz", bytes.toByteArray());
    CsvReader.Result r = CsvReader.read(f, CsvOptions.defaults(), java.util.Optional.empty());
    assertThat(r.dataset().rowCount()).isEqualTo(2);
    assertThat(r.sha256())
        .isEqualTo(dev.boostline.util.internal.Hashing.sha256(bytes.toByteArray()));
  }

  @Test
  void null_tokens_replace_the_defaults_but_empty_stays_missing() {
    Path f = TestData.write(dir, "t.csv", "a,b\nunknown,NA\n,x\nred,y\n");
    CsvReader.Result r =
        CsvReader.read(
            f,
            CsvOptions.builder().nullTokens(List.of("unknown")).build(),
            java.util.Optional.empty());
    assertThat(r.dataset().table().column("a").countMissing()).isEqualTo(2);
    assertThat(r.dataset().table().column("b").countMissing()).isZero();
  }

  @Test
  void explicit_schema_is_applied_not_inferred() {
    Path f = TestData.write(dir, "t.csv", "flag,zip\nyes,00501\nno,90210\n");
    Schema schema =
        new Schema(
            List.of(
                new ColumnSchema("zip", ColumnType.INTEGER, false),
                new ColumnSchema("flag", ColumnType.BOOLEAN, false)));
    CsvReader.Result r = CsvReader.read(f, CsvOptions.defaults(), java.util.Optional.of(schema));
    assertThat(r.dataset().schema().names()).containsExactly("flag", "zip");
    assertThat(r.dataset().table().longColumn("zip").getLong(0)).isEqualTo(501L);
    assertThat(r.dataset().table().booleanColumn("flag").get(1)).isFalse();
  }

  // ---- bad input: each names the file, the line and the column, and says what was expected

  @Test
  void missing_file_is_named() {
    assertThatThrownBy(
            () ->
                CsvReader.read(
                    dir.resolve("nope.csv"), CsvOptions.defaults(), java.util.Optional.empty()))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("nope.csv")
        .hasMessageContaining("no such file");
  }

  @Test
  void empty_file_is_refused() {
    assertThatThrownBy(() -> read(""))
        .isInstanceOf(DataFormatException.class)
        .hasMessage("t.csv: the file is empty (expected a header line)");
  }

  @Test
  void blank_lines_only_is_refused() {
    assertThatThrownBy(() -> read("\n\n"))
        .hasMessage("t.csv: the file has no lines (expected a header)");
  }

  @Test
  void header_only_is_refused() {
    assertThatThrownBy(() -> read("a,b\n"))
        .hasMessageContaining("t.csv: the file has a header but no data rows");
  }

  @Test
  void duplicate_column_name_is_refused_with_both_positions() {
    assertThatThrownBy(() -> read("a,b,a\n1,2,3\n"))
        .hasMessage(
            "t.csv line 1, column \"a\": duplicate column name in the header (columns 1 and 3)");
  }

  @Test
  void blank_column_name_is_refused() {
    assertThatThrownBy(() -> read("a,,c\n1,2,3\n"))
        .hasMessageStartingWith("t.csv line 1: column 2 of the header has a blank name");
  }

  @Test
  void ragged_row_names_the_line_and_counts() {
    assertThatThrownBy(() -> read("a,b,c\n1,2,3\n4,5\n"))
        .isInstanceOf(DataFormatException.class)
        .hasMessageStartingWith("t.csv line 3: expected 3 fields (as in the header), found 2");
  }

  @Test
  void ragged_row_after_a_multiline_field_names_the_right_line() {
    assertThatThrownBy(() -> read("a,b\n\"x\ny\",1\n2,3,4\n"))
        .hasMessageStartingWith("t.csv line 4: expected 2 fields");
  }

  @Test
  void value_that_does_not_fit_the_schema_names_line_column_and_type() {
    Path f = TestData.write(dir, "adult.csv", "age,name\n39,a\nabc,b\n");
    Schema schema =
        new Schema(
            List.of(
                new ColumnSchema("age", ColumnType.INTEGER, false),
                new ColumnSchema("name", ColumnType.CATEGORICAL, false)));
    assertThatThrownBy(
            () -> CsvReader.read(f, CsvOptions.defaults(), java.util.Optional.of(schema)))
        .isInstanceOf(DataFormatException.class)
        .hasMessage(
            "adult.csv line 3, column \"age\": \"abc\" is not an integer (schema says INTEGER)");
  }

  @Test
  void missing_value_in_a_non_nullable_schema_column_is_refused() {
    Path f = TestData.write(dir, "t.csv", "x\n1\n\n2\nNA\n");
    Schema schema = new Schema(List.of(new ColumnSchema("x", ColumnType.DOUBLE, false)));
    assertThatThrownBy(
            () -> CsvReader.read(f, CsvOptions.defaults(), java.util.Optional.of(schema)))
        .hasMessageStartingWith("t.csv line 5, column \"x\": missing value");
  }

  @Test
  void schema_and_header_must_name_the_same_columns() {
    Path f = TestData.write(dir, "t.csv", "a,b\n1,2\n");
    Schema onlyA = new Schema(List.of(new ColumnSchema("a", ColumnType.INTEGER, true)));
    assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.defaults(), java.util.Optional.of(onlyA)))
        .hasMessageStartingWith(
            "t.csv line 1, column \"b\": the column is not in the given schema");
    Schema extra =
        new Schema(
            List.of(
                new ColumnSchema("a", ColumnType.INTEGER, true),
                new ColumnSchema("b", ColumnType.INTEGER, true),
                new ColumnSchema("c", ColumnType.INTEGER, true)));
    assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.defaults(), java.util.Optional.of(extra)))
        .hasMessageContaining("column \"c\": the schema names this column but the header does not");
  }

  @Test
  void invalid_utf8_names_line_and_column() {
    byte[] head = "a,b\n1,ok\n2,".getBytes(StandardCharsets.UTF_8);
    byte[] bad = {(byte) 0xC3, (byte) 0x28};
    byte[] tail = "\n".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + bad.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(bad, 0, all, head.length, bad.length);
    System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
    Path f = TestData.write(dir, "latin.csv", all);
    assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.defaults(), java.util.Optional.empty()))
        .hasMessage(
            "latin.csv line 3, column \"b\": invalid UTF-8 byte sequence (the file must be UTF-8)");
  }

  @Test
  void overlong_line_is_refused_with_its_line() {
    String longValue = "x".repeat(5000);
    Path f = TestData.write(dir, "t.csv", "a\nshort\n" + longValue + "\n");
    CsvOptions options = CsvOptions.builder().maxLineBytes(4096).build();
    assertThatThrownBy(() -> CsvReader.read(f, options, java.util.Optional.empty()))
        .hasMessageStartingWith("t.csv line 3: record is longer than 4096 bytes");
  }

  @Test
  void unclosed_quote_names_the_line_it_opened_on() {
    assertThatThrownBy(() -> read("a,b\n1,\"open\n2,3\n"))
        .hasMessageStartingWith("t.csv line 2: a quoted field opened on this line is never closed");
  }

  @Test
  void junk_after_a_closing_quote_is_refused() {
    assertThatThrownBy(() -> read("a,b\n\"x\"y,1\n"))
        .hasMessageStartingWith("t.csv line 2: unexpected character 'y' after the closing quote");
  }

  @Test
  void an_empty_folder_is_refused() throws Exception {
    java.nio.file.Path empty = java.nio.file.Files.createDirectory(dir.resolve("empty"));
    java.nio.file.Files.writeString(empty.resolve("_SUCCESS"), "");
    assertThatThrownBy(
            () -> CsvReader.read(empty, CsvOptions.defaults(), java.util.Optional.empty()))
        .hasMessage("empty: the folder holds no data file");
  }

  @Test
  void a_folder_of_parts_reads_as_one_file_and_names_the_part_in_errors() throws Exception {
    java.nio.file.Path parts = java.nio.file.Files.createDirectory(dir.resolve("parts"));
    java.nio.file.Files.writeString(parts.resolve("part-0.csv"), "a,b\n1,x\n2,y\n");
    java.nio.file.Files.writeString(parts.resolve("part-1.csv"), "a,b\n3,z\n");
    java.nio.file.Files.writeString(parts.resolve("_SUCCESS"), "");
    CsvReader.Result r = CsvReader.read(parts, CsvOptions.defaults(), java.util.Optional.empty());
    assertThat(r.dataset().rowCount()).isEqualTo(3);
    assertThat(r.dataset().table().longColumn("a").asList()).containsExactly(1L, 2L, 3L);
    java.nio.file.Files.writeString(parts.resolve("part-2.csv"), "a,b\nfour,w\n");
    assertThatThrownBy(
            () ->
                CsvReader.read(
                    parts,
                    CsvOptions.builder().inferenceRows(3).build(),
                    java.util.Optional.of(
                        new Schema(
                            java.util.List.of(
                                new ColumnSchema("a", ColumnType.INTEGER, false),
                                new ColumnSchema("b", ColumnType.CATEGORICAL, false))))))
        .hasMessageStartingWith("part-2.csv line 2, column \"a\": \"four\" is not an integer");
    java.nio.file.Files.writeString(parts.resolve("part-2.csv"), "a,c\n4,w\n");
    assertThatThrownBy(
            () -> CsvReader.read(parts, CsvOptions.defaults(), java.util.Optional.empty()))
        .hasMessageContaining("part-2.csv line 1: the header [a, c] differs from the header");
  }

  @Test
  void java_only_number_forms_are_not_numbers() {
    assertThat(Values.parseDouble("1d", true)).isNull();
    assertThat(Values.parseDouble("0x1p3", true)).isNull();
    assertThat(Values.parseDouble("Infinity", true)).isNull();
    assertThat(Values.parseDouble("1e999", true)).isNull();
    assertThat(Values.parseDouble("-.5e-3", true)).isEqualTo(-0.0005);
    assertThat(Values.parseLong("-0", true)).isEqualTo(0L);
    assertThat(Values.parseLong("9223372036854775808", true)).isNull();
  }
}
