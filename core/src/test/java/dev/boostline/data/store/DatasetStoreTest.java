package dev.boostline.data.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.common.NotFoundException;
import dev.boostline.data.ColumnType;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.DataFormatException;
import dev.boostline.data.Dataset;
import dev.boostline.data.Schema;
import dev.boostline.data.store.internal.ContentHash;
import dev.boostline.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class DatasetStoreTest {
  @TempDir Path home;
  @TempDir Path files;

  private DatasetStore store() {
    return DatasetStore.open(home);
  }

  private Registration add(String name, String csv) {
    return store()
        .register(
            name,
            TestData.write(files, name + "-" + csv.hashCode() + ".csv", csv),
            CsvOptions.defaults(),
            java.util.Optional.empty(),
            RegisterOptions.builder().note("n").tag("k", "v").build());
  }

  @Test
  void versions_are_numbered_per_name_with_parent_and_lineage() {
    Registration v1 = add("sales", "a,b\n1,x\n2,y\n");
    Registration v2 = add("sales", "a,b\n1,x\n2,y\n3,z\n");
    Registration other = add("other", "a\n1\n");
    assertThat(v1.manifest().version()).isEqualTo(1);
    assertThat(v1.manifest().parentVersion()).isEmpty();
    assertThat(v2.manifest().version()).isEqualTo(2);
    assertThat(v2.manifest().parentVersion()).contains(1);
    assertThat(other.manifest().version()).isEqualTo(1);
    DatasetManifest m = v2.manifest();
    assertThat(m.rows()).isEqualTo(3);
    assertThat(m.columns()).isEqualTo(2);
    assertThat(m.note()).contains("n");
    assertThat(m.tags()).containsEntry("k", "v");
    assertThat(m.source().orElseThrow().separator()).isEqualTo(",");
    assertThat(m.storage().format()).isEqualTo("parquet");
    assertThat(m.files()).containsKeys("data.parquet", "profile.json");
    assertThat(store().names()).containsExactly("other", "sales");
    assertThat(store().versions("sales"))
        .extracting(DatasetManifest::version)
        .containsExactly(1, 2);
    assertThat(store().manifest(DatasetRef.parse("sales"))).isEqualTo(m);
    assertThat(store().manifest(DatasetRef.parse("sales@1"))).isEqualTo(v1.manifest());
  }

  @Test
  void identical_content_returns_the_existing_version() {
    Registration first = add("d", "a,b\n1,x\n");
    // Same content in another layout: other separator, quoting, line ends.
    Registration again =
        store()
            .register(
                "d",
                TestData.write(files, "same.csv", "\"a\";\"b\"\r\n1;\"x\"\r\n"),
                CsvOptions.defaults(),
                java.util.Optional.empty(),
                RegisterOptions.defaults());
    assertThat(again.created()).isFalse();
    assertThat(again.manifest()).isEqualTo(first.manifest());
    assertThat(store().versions("d")).hasSize(1);
  }

  @Test
  void load_returns_exactly_the_registered_content_with_the_frozen_schema() {
    Path csv =
        TestData.write(
            files,
            "all.csv",
            "i,d,b,c,when\n1,0.1,true,red,2024-01-02T03:04:05.678\n,NA,,blue,\n-7,1e10,false,,2020-02-29\n");
    Registration r =
        store()
            .register(
                "all",
                csv,
                CsvOptions.defaults(),
                java.util.Optional.empty(),
                RegisterOptions.defaults());
    Dataset loaded = store().load(r.manifest().ref());
    assertThat(loaded.schema()).isEqualTo(r.manifest().schema());
    assertThat(ContentHash.of(loaded)).isEqualTo(r.manifest().contentSha256());
    assertThat(loaded.table().dateTimeColumn("when").get(0))
        .isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 678_000_000));
    assertThat(loaded.table().column("c").isMissing(2)).isTrue();
  }

  @Test
  void export_then_register_again_gives_the_same_content() {
    Path csv = TestData.file("california-housing/housing.csv");
    Registration r =
        store()
            .register(
                "h",
                csv,
                CsvOptions.defaults(),
                java.util.Optional.empty(),
                RegisterOptions.defaults());
    Path out = files.resolve("out/housing.csv.gz");
    store().export(r.manifest().ref(), out);
    Registration again =
        store()
            .register(
                "h",
                out,
                CsvOptions.defaults(),
                java.util.Optional.empty(),
                RegisterOptions.defaults());
    assertThat(again.created()).isFalse();
    assertThat(again.manifest().version()).isEqualTo(1);
  }

  @Test
  void registers_a_tablesaw_table_converting_its_types() {
    Table t =
        Table.create(
            "t",
            IntColumn.create("n", 1, 2, 3),
            DoubleColumn.create("x", 0.5, Double.NaN, 2.5),
            StringColumn.create("s", "a", "b", "a"),
            DateColumn.create(
                "day",
                java.time.LocalDate.of(2024, 1, 1),
                java.time.LocalDate.of(2024, 1, 2),
                java.time.LocalDate.of(2024, 1, 3)));
    Registration r = store().register("t", t, RegisterOptions.defaults());
    Schema s = r.manifest().schema();
    assertThat(s.columns())
        .extracting(c -> c.type())
        .containsExactly(
            ColumnType.INTEGER, ColumnType.DOUBLE, ColumnType.CATEGORICAL, ColumnType.DATETIME);
    assertThat(s.column(1).nullable()).isTrue();
    assertThat(store().load(r.manifest().ref()).table().longColumn("n").getLong(2)).isEqualTo(3);
    assertThat(r.manifest().source()).isEmpty();
  }

  @Test
  void profile_is_stored_and_read_back() {
    Registration r = add("p", "x,c\n1,a\n2,a\n3,b\n4,\n");
    var p = store().profile(r.manifest().ref());
    assertThat(p.rows()).isEqualTo(4);
    var x = p.column("x").numeric().orElseThrow();
    assertThat(x.mean()).isEqualTo(2.5);
    assertThat(x.quantiles().get("p50")).isEqualTo(2.5);
    assertThat(p.column("x").histogram().orElseThrow().counts().stream().mapToLong(l -> l).sum())
        .isEqualTo(4);
    assertThat(p.column("c").missing()).isEqualTo(1);
    assertThat(p.column("c").topValues().get(0).value()).isEqualTo("a");
  }

  @Test
  void bad_input_leaves_the_store_unchanged() {
    add("d", "a,b\n1,2\n");
    List<String> before = TestData.listTree(home);
    assertThatThrownBy(() -> add("d", "a,b\n1,2\n3\n")).isInstanceOf(DataFormatException.class);
    assertThatThrownBy(() -> add("d", "")).isInstanceOf(DataFormatException.class);
    assertThatThrownBy(() -> add("d", "a,b\n")).isInstanceOf(DataFormatException.class);
    assertThat(TestData.listTree(home)).isEqualTo(before);
    assertThat(store().versions("d")).hasSize(1);
  }

  @Test
  void diff_reports_schema_changes_rows_and_shifts() {
    StringBuilder a = new StringBuilder("x,c,gone\n");
    StringBuilder b = new StringBuilder("x,c,added\n");
    for (int i = 0; i < 1000; i++) {
      a.append(i % 100).append(',').append(i % 2 == 0 ? "red" : "blue").append(",1\n");
      b.append(i % 100 + 50).append(',').append(i % 4 == 0 ? "green" : "blue").append(",1\n");
    }
    add("d", a.toString());
    add("d", b.toString());
    DatasetDiff diff = store().diff(DatasetRef.parse("d@1"), DatasetRef.parse("d@2"));
    assertThat(diff.identical()).isFalse();
    assertThat(diff.schemaChanges())
        .extracting(DatasetDiff.SchemaChange::column, DatasetDiff.SchemaChange::kind)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("gone", DatasetDiff.SchemaChange.Kind.REMOVED),
            org.assertj.core.groups.Tuple.tuple("added", DatasetDiff.SchemaChange.Kind.ADDED));
    DatasetDiff.ColumnShift x = diff.columns().get(0);
    assertThat(x.meanShiftInStd().orElseThrow()).isGreaterThan(1.5);
    assertThat(x.psi().orElseThrow()).isGreaterThan(0.25);
    DatasetDiff.ColumnShift c = diff.columns().get(1);
    assertThat(c.newValues()).containsExactly("green");
    assertThat(c.psi().orElseThrow()).isGreaterThan(0.25);
    DatasetDiff same = store().diff(DatasetRef.parse("d@1"), DatasetRef.parse("d@1"));
    assertThat(same.identical()).isTrue();
    assertThat(same.columns()).allSatisfy(s -> assertThat(s.psi().orElse(0.0)).isLessThan(1e-9));
  }

  @Test
  void unknown_names_and_versions_are_reported_with_what_exists() {
    add("d", "a\n1\n");
    assertThatThrownBy(() -> store().manifest(DatasetRef.parse("nope")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no dataset \"nope\"")
        .hasMessageContaining("[d]");
    assertThatThrownBy(() -> store().manifest(DatasetRef.parse("d@7")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("has no version 7 (versions: [1])");
  }

  @Test
  void invalid_names_and_refs_are_refused() {
    assertThatThrownBy(() -> DatasetRef.parse("../etc"))
        .hasMessageContaining("invalid dataset name");
    assertThatThrownBy(() -> DatasetRef.parse("a@0")).hasMessageContaining("number >= 1");
    assertThatThrownBy(() -> DatasetRef.parse("a@x")).hasMessageContaining("number >= 1");
    assertThat(DatasetRef.parse("a@latest")).isEqualTo(DatasetRef.latest("a"));
    assertThatThrownBy(() -> add("has space", "a\n1\n"))
        .hasMessageContaining("invalid dataset name");
  }

  @Test
  void a_manifest_of_an_unknown_format_version_is_refused() throws Exception {
    Registration r = add("d", "a\n1\n");
    Path manifest = store().directory(r.manifest().ref()).resolve("manifest.json");
    Files.writeString(
        manifest,
        Files.readString(manifest).replace("\"formatVersion\" : 1", "\"formatVersion\" : 99"));
    assertThatThrownBy(() -> store().manifest(r.manifest().ref()))
        .isInstanceOf(dev.boostline.common.CorruptStoreException.class)
        .hasMessageContaining("manifest format 99 is not one this Boostline reads");
  }

  @Test
  void schema_file_in_yaml_or_json_is_read() {
    Path yaml =
        TestData.write(
            files,
            "s.yaml",
            "columns:\n  - {name: a, type: integer, nullable: false}\n  - {name: b, type: text}\n");
    Schema s = Schema.read(yaml);
    assertThat(s.column(0).nullable()).isFalse();
    assertThat(s.column(1).type()).isEqualTo(ColumnType.TEXT);
    assertThat(s.column(1).nullable()).isTrue();
    Path bad =
        TestData.write(
            files, "bad.json", "{\"columns\": [{\"name\": \"a\", \"type\": \"float\"}]}");
    assertThatThrownBy(() -> Schema.read(bad))
        .hasMessageContaining("bad.json")
        .hasMessageContaining("unknown column type \"float\"");
  }
}
