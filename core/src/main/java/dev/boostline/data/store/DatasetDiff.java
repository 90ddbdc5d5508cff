package dev.boostline.data.store;

import dev.boostline.data.ColumnProfile;
import dev.boostline.data.ColumnSchema;
import dev.boostline.data.Dataset;
import dev.boostline.data.DatasetProfile;
import dev.boostline.data.Histogram;
import dev.boostline.data.Stats;
import dev.boostline.data.ValueCount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;

/**
 * How version B of a dataset differs from version A. Immutable; computed by {@link
 * DatasetStore#diff}.
 *
 * @param a the version compared against (the reference)
 * @param b the version compared
 * @param rowsA rows of A
 * @param rowsB rows of B
 * @param contentA A's {@link DatasetManifest#contentSha256()}
 * @param contentB B's {@link DatasetManifest#contentSha256()}
 * @param schemaChanges columns removed, retyped or whose nullability changed (in A's column order),
 *     then columns added (in B's order)
 * @param columns per column present in both with the same type, in A's order: missing rates, means
 *     and the PSI of B against A's distribution (numbers: A's histogram bins; categories: A's
 *     listed values plus "other")
 */
public record DatasetDiff(
    DatasetRef a,
    DatasetRef b,
    long rowsA,
    long rowsB,
    String contentA,
    String contentB,
    List<SchemaChange> schemaChanges,
    List<ColumnShift> columns) {
  public DatasetDiff {
    schemaChanges = List.copyOf(schemaChanges);
    columns = List.copyOf(columns);
  }

  /** True when both versions hold the same content. */
  public boolean identical() {
    return contentA.equals(contentB);
  }

  /**
   * One schema difference.
   *
   * @param column the column's name
   * @param kind what changed
   * @param from the column in A: its type id, or type id and {@code (nullable)} for REMOVED and
   *     NULLABILITY_CHANGED; absent for ADDED
   * @param to the column in B, in the same form; absent for REMOVED
   */
  public record SchemaChange(String column, Kind kind, Optional<String> from, Optional<String> to) {
    /** What changed. */
    public enum Kind {
      /** The column is in B only. */
      ADDED,
      /** The column is in A only. */
      REMOVED,
      /** The column has another type in B; it gets no {@link ColumnShift}. */
      TYPE_CHANGED,
      /** Same type, but nullable in one version and not in the other. */
      NULLABILITY_CHANGED
    }
  }

  /**
   * Shift of one column from A to B.
   *
   * @param column the column's name
   * @param missingRateA share of A's rows where the column is missing, in [0, 1]
   * @param missingRateB the same for B
   * @param distinctA distinct non-missing values in A (approximate for large columns, see {@link
   *     ColumnProfile#approximate()})
   * @param distinctB the same for B
   * @param meanA mean in A of a numeric or date-time column (date-time: epoch seconds); absent for
   *     other columns
   * @param meanB the same for B
   * @param meanShiftInStd (meanB - meanA) / stdA when both means are present and stdA &gt; 0
   * @param psi Population Stability Index of B against A (see {@link Stats#psi}); absent when a
   *     side has no value or the column has neither a histogram nor listed values
   * @param newValues values seen in B that A never held, first seen first, at most 20; only when A
   *     listed all its values (otherwise A's unlisted values cannot be told apart from new ones)
   */
  public record ColumnShift(
      String column,
      double missingRateA,
      double missingRateB,
      long distinctA,
      long distinctB,
      Optional<Double> meanA,
      Optional<Double> meanB,
      Optional<Double> meanShiftInStd,
      Optional<Double> psi,
      List<String> newValues) {
    public ColumnShift {
      newValues = List.copyOf(newValues);
    }
  }

  static DatasetDiff compute(
      DatasetManifest ma, DatasetProfile pa, DatasetManifest mb, DatasetProfile pb, Dataset b) {
    List<SchemaChange> changes = new ArrayList<>();
    List<ColumnShift> shifts = new ArrayList<>();
    for (ColumnSchema ca : ma.schema().columns()) {
      Optional<ColumnSchema> cb = mb.schema().find(ca.name());
      if (cb.isEmpty()) {
        changes.add(
            new SchemaChange(
                ca.name(), SchemaChange.Kind.REMOVED, Optional.of(describe(ca)), Optional.empty()));
        continue;
      }
      if (ca.type() != cb.get().type()) {
        changes.add(
            new SchemaChange(
                ca.name(),
                SchemaChange.Kind.TYPE_CHANGED,
                Optional.of(ca.type().id()),
                Optional.of(cb.get().type().id())));
        continue;
      }
      if (ca.nullable() != cb.get().nullable()) {
        changes.add(
            new SchemaChange(
                ca.name(),
                SchemaChange.Kind.NULLABILITY_CHANGED,
                Optional.of(describe(ca)),
                Optional.of(describe(cb.get()))));
      }
      shifts.add(shift(pa.column(ca.name()), pb.column(ca.name()), b.table().column(ca.name())));
    }
    for (ColumnSchema cb : mb.schema().columns()) {
      if (ma.schema().find(cb.name()).isEmpty()) {
        changes.add(
            new SchemaChange(
                cb.name(), SchemaChange.Kind.ADDED, Optional.empty(), Optional.of(describe(cb))));
      }
    }
    return new DatasetDiff(
        ma.ref(),
        mb.ref(),
        ma.rows(),
        mb.rows(),
        ma.contentSha256(),
        mb.contentSha256(),
        changes,
        shifts);
  }

  private static String describe(ColumnSchema c) {
    return c.type().id() + (c.nullable() ? " (nullable)" : "");
  }

  private static ColumnShift shift(ColumnProfile a, ColumnProfile b, Column<?> columnB) {
    Optional<Double> meanA = a.numeric().map(n -> n.mean());
    Optional<Double> meanB = b.numeric().map(n -> n.mean());
    Optional<Double> inStd = Optional.empty();
    if (meanA.isPresent() && meanB.isPresent() && a.numeric().get().std() > 0) {
      inStd = Optional.of((meanB.get() - meanA.get()) / a.numeric().get().std());
    }
    Optional<Double> psi = Optional.empty();
    List<String> newValues = new ArrayList<>();
    if (a.histogram().isPresent()) {
      Histogram h = a.histogram().get();
      long[] expected = h.counts().stream().mapToLong(Long::longValue).toArray();
      long[] actual = h.countsOf(DatasetProfile.numericValues(columnB));
      psi = finite(Stats.psi(expected, actual));
    } else if (!a.topValues().isEmpty()) {
      Map<String, Integer> index = new HashMap<>();
      for (ValueCount vc : a.topValues()) {
        index.put(vc.value(), index.size());
      }
      long[] expected = new long[index.size() + 1];
      for (ValueCount vc : a.topValues()) {
        expected[index.get(vc.value())] = vc.count();
      }
      expected[index.size()] = a.otherCount();
      long[] actual = new long[index.size() + 1];
      Set<String> unseen = new LinkedHashSet<>();
      for (int r = 0; r < columnB.size(); r++) {
        if (columnB.isMissing(r)) {
          continue;
        }
        String v =
            columnB instanceof BooleanColumn bc
                ? String.valueOf(bc.get(r))
                : ((StringColumn) columnB).get(r);
        Integer i = index.get(v);
        if (i == null) {
          actual[index.size()]++;
          if (a.otherCount() == 0 && unseen.size() < 20) {
            unseen.add(v);
          }
        } else {
          actual[i]++;
        }
      }
      psi = finite(Stats.psi(expected, actual));
      newValues.addAll(unseen);
    }
    return new ColumnShift(
        a.name(),
        a.missingRate(),
        b.missingRate(),
        a.distinct(),
        b.distinct(),
        meanA,
        meanB,
        inStd,
        psi,
        newValues);
  }

  private static Optional<Double> finite(double v) {
    return Double.isFinite(v) ? Optional.of(v) : Optional.empty();
  }
}
