package dev.boostline.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import dev.boostline.data.ColumnType;
import dev.boostline.data.Schema;
import dev.boostline.features.ColumnStatistics;
import dev.boostline.features.FeatureSpec;
import dev.boostline.features.FittedFeatures;
import dev.boostline.features.Imputation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import scala.Tuple2;

/**
 * Fits a {@link FeatureSpec} on a Spark DataFrame with distributed statistics, giving exactly the
 * fitted features a single-node fit gives on the same rows ({@link ColumnStatistics} defines every
 * statistic independently of row order): counts, minima and maxima in one aggregation; exact sums
 * (BigDecimal per partition, added on the driver) for mean imputation; the two middle order
 * statistics from a distributed sort for median imputation; value counts for the most frequent
 * value and for category dictionaries. Stateless.
 */
final class SparkFit {
  private SparkFit() {}

  /** Fits {@code spec} on the rows of {@code rows} (a DataFrame with the dataset's columns). */
  static FittedFeatures fit(FeatureSpec spec, Schema schema, Dataset<Row> rows) {
    Map<String, FeatureSpec.Requirement> needs = spec.requirements(schema);
    Map<String, ColumnStatistics> stats = new HashMap<>();
    List<String> numeric = new ArrayList<>();
    List<Column> aggs = new ArrayList<>();
    for (Map.Entry<String, FeatureSpec.Requirement> e : needs.entrySet()) {
      String c = e.getKey();
      FeatureSpec.Requirement need = e.getValue();
      switch (need.type()) {
        case INTEGER, DOUBLE -> {
          numeric.add(c);
          Column v = value(c, need);
          aggs.add(count(v).as(c + "#n"));
          aggs.add(min(v).as(c + "#min"));
          aggs.add(max(v).as(c + "#max"));
        }
        case BOOLEAN -> {
          aggs.add(count(when(col(c).equalTo(lit(true)), lit(1))).as(c + "#t"));
          aggs.add(count(when(col(c).equalTo(lit(false)), lit(1))).as(c + "#f"));
        }
        case CATEGORICAL -> stats.put(c, categories(rows, c));
        default -> throw new IllegalStateException("unexpected requirement " + need);
      }
    }
    if (!aggs.isEmpty()) {
      Row r = rows.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
      for (Map.Entry<String, FeatureSpec.Requirement> e : needs.entrySet()) {
        String c = e.getKey();
        FeatureSpec.Requirement need = e.getValue();
        if (need.type() == ColumnType.BOOLEAN) {
          stats.put(
              c,
              ColumnStatistics.bool(
                  r.getLong(r.fieldIndex(c + "#t")), r.getLong(r.fieldIndex(c + "#f"))));
        } else if (need.type().isNumeric()) {
          long n = r.getLong(r.fieldIndex(c + "#n"));
          if (n == 0) {
            stats.put(c, ColumnStatistics.numeric(0, Double.NaN, Double.NaN, Optional.empty()));
            continue;
          }
          double lo = r.getDouble(r.fieldIndex(c + "#min"));
          double hi = r.getDouble(r.fieldIndex(c + "#max"));
          Optional<Double> fill =
              switch (need.impute()) {
                case MEAN -> Optional.of(ColumnStatistics.mean(exactSum(rows, c, need), n));
                case MEDIAN -> Optional.of(median(rows, c, need, n));
                case MOST_FREQUENT -> Optional.of(mostFrequent(rows, c, need));
                default -> Optional.empty();
              };
          stats.put(c, ColumnStatistics.numeric(n, lo, hi, fill));
        }
      }
    }
    return spec.fit(schema, stats);
  }

  /** The value statistics are computed on: the column as a double, or the ratio (see core). */
  private static Column value(String c, FeatureSpec.Requirement need) {
    Column v = col(c).cast(DataTypes.DoubleType);
    if (need.ratioTo().isEmpty()) {
      return v;
    }
    Column d = col(need.ratioTo().get()).cast(DataTypes.DoubleType);
    // FeatureSpec.statisticsValue: missing when the denominator is missing or 0.
    return when(d.isNull().or(d.equalTo(lit(0.0))), lit(null).cast(DataTypes.DoubleType))
        .otherwise(v.divide(d));
  }

  private static JavaRDD<Double> values(Dataset<Row> rows, String c, FeatureSpec.Requirement need) {
    return rows.select(value(c, need).as("v"))
        .where(col("v").isNotNull())
        .javaRDD()
        .map(r -> r.getDouble(0));
  }

  private static BigDecimal exactSum(Dataset<Row> rows, String c, FeatureSpec.Requirement need) {
    return values(rows, c, need)
        .mapPartitions(
            (Iterator<Double> it) -> {
              BigDecimal s = BigDecimal.ZERO;
              while (it.hasNext()) {
                s = s.add(new BigDecimal(it.next()));
              }
              return List.of(s).iterator();
            })
        .fold(BigDecimal.ZERO, BigDecimal::add);
  }

  private static double median(Dataset<Row> rows, String c, FeatureSpec.Requirement need, long n) {
    long[] ranks = ColumnStatistics.medianRanks(n);
    List<Tuple2<Double, Long>> picked =
        values(rows, c, need)
            .sortBy(v -> v, true, Math.max(1, rows.rdd().getNumPartitions()))
            .zipWithIndex()
            .filter(t -> t._2() == ranks[0] || t._2() == ranks[1])
            .collect();
    double lower = Double.NaN;
    double upper = Double.NaN;
    for (Tuple2<Double, Long> t : picked) {
      if (t._2() == ranks[0]) {
        lower = t._1();
      }
      if (t._2() == ranks[1]) {
        upper = t._1();
      }
    }
    return ColumnStatistics.median(lower, upper, n);
  }

  /** The most frequent value, ties to the smallest (as {@link FeatureSpec#mode}). */
  private static double mostFrequent(Dataset<Row> rows, String c, FeatureSpec.Requirement need) {
    Row top =
        rows.select(value(c, need).as("v"))
            .where(col("v").isNotNull())
            .groupBy("v")
            .count()
            .orderBy(col("count").desc(), col("v").asc())
            .first();
    return top.getDouble(0);
  }

  private static ColumnStatistics categories(Dataset<Row> rows, String c) {
    Map<String, Long> counts = new HashMap<>();
    for (Row r : rows.where(col(c).isNotNull()).groupBy(c).count().collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    return ColumnStatistics.categorical(counts);
  }

  /** Whether an imputation needs a statistic from the data. */
  static boolean needsData(Imputation i) {
    return i == Imputation.MEAN || i == Imputation.MEDIAN || i == Imputation.MOST_FREQUENT;
  }
}
