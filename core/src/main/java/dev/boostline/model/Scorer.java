package dev.boostline.model;

import dev.boostline.engine.ScoringEngine;
import dev.boostline.features.FittedFeatures;
import dev.boostline.task.LabelEncoding;
import dev.boostline.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import tech.tablesaw.api.Table;

/**
 * Scores records and tables with a model bundle: fitted features, then the model's one scoring
 * engine. Thread-safe. {@link #close()} releases the native model once every call in flight has
 * returned; once released, calls fail with {@link IllegalStateException} (holders of a {@link
 * Lease} may finish their work after close).
 */
public final class Scorer implements AutoCloseable {
  /** Default decision threshold for binary labels. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  private final BundleManifest manifest;
  private final ScoringEngine engine;
  private final AtomicInteger refs = new AtomicInteger(1);
  private final AtomicBoolean closed = new AtomicBoolean();
  private boolean ownsEngine = true;

  Scorer(BundleManifest manifest, ScoringEngine engine) {
    this.manifest = manifest;
    this.engine = engine;
  }

  public BundleManifest manifest() {
    return manifest;
  }

  public FittedFeatures features() {
    return manifest.features();
  }

  public LabelEncoding labels() {
    return manifest.labels();
  }

  public Task task() {
    return manifest.labels().task();
  }

  /** The scoring engine in use (for logs and metrics). */
  public String engineName() {
    return engine.name();
  }

  /** Approximate bytes held by the model. */
  public long memoryBytes() {
    return engine.memoryBytes();
  }

  /** Model outputs of records: per record one probability, one per class, or the value. */
  public float[][] outputs(List<? extends Map<String, ?>> records) {
    FittedFeatures f = manifest.features();
    int width = f.size();
    float[] x = new float[records.size() * width];
    for (int i = 0; i < records.size(); i++) {
      f.transform(records.get(i), x, i * width);
    }
    return predict(x, records.size(), width);
  }

  /** Model outputs of every row of a table (columns found by name). */
  public float[][] outputs(Table table) {
    FittedFeatures f = manifest.features();
    return predict(f.transform(table, null), table.rowCount(), f.size());
  }

  /**
   * Model outputs of rows already turned into features: a row-major float32 matrix in {@link
   * FittedFeatures#featureNames()} order ({@link FittedFeatures#transform} writes it), NaN for
   * missing.
   *
   * @throws IllegalArgumentException when the length is not {@code rows} times the feature count
   */
  public float[][] outputs(float[] features, int rows) {
    int width = manifest.features().size();
    if (rows < 0 || features.length != (long) rows * width) {
      throw new IllegalArgumentException(
          "a matrix of "
              + rows
              + " rows needs "
              + ((long) rows * width)
              + " values ("
              + width
              + " features per row), got "
              + features.length);
    }
    return predict(features, rows, width);
  }

  /** Predictions of records, labels at the default threshold. */
  public List<Prediction> score(List<? extends Map<String, ?>> records) {
    float[][] out = outputs(records);
    List<Prediction> p = new ArrayList<>(out.length);
    for (float[] row : out) {
      p.add(Prediction.of(manifest.labels(), row, DEFAULT_THRESHOLD));
    }
    return p;
  }

  /**
   * Predictions of every row of a table (columns found by name), labels at the default threshold.
   */
  public List<Prediction> score(Table table) {
    float[][] out = outputs(table);
    List<Prediction> p = new ArrayList<>(out.length);
    for (float[] row : out) {
      p.add(Prediction.of(manifest.labels(), row, DEFAULT_THRESHOLD));
    }
    return p;
  }

  /** The prediction of one record. */
  public Prediction score(Map<String, ?> record) {
    return score(List.of(record)).get(0);
  }

  /**
   * SHAP contributions of records: per record one value per feature ({@link
   * FittedFeatures#featureNames()} order) plus the bias last, per class for multiclass
   * (class-major), in margin units (log-odds for binary).
   */
  public float[][] contributions(List<? extends Map<String, ?>> records) {
    FittedFeatures f = manifest.features();
    int width = f.size();
    float[] x = new float[records.size() * width];
    for (int i = 0; i < records.size(); i++) {
      f.transform(records.get(i), x, i * width);
    }
    acquire();
    try {
      return engine.contributions(x, records.size(), width);
    } finally {
      release();
    }
  }

  /** SHAP contributions of every row of a table (see {@link #contributions(List)}). */
  public float[][] contributions(Table table) {
    FittedFeatures f = manifest.features();
    float[] x = f.transform(table, null);
    acquire();
    try {
      return engine.contributions(x, table.rowCount(), f.size());
    } finally {
      release();
    }
  }

  private float[][] predict(float[] x, int rows, int width) {
    if (rows == 0) {
      return new float[0][];
    }
    acquire();
    try {
      return engine.predict(x, rows, width);
    } finally {
      release();
    }
  }

  private void acquire() {
    // Only a fully released scorer refuses: a caller holding a lease may still score after
    // close() was called (that is what the lease is for).
    while (true) {
      int r = refs.get();
      if (r == 0) {
        throw new IllegalStateException("the scorer is closed");
      }
      if (refs.compareAndSet(r, r + 1)) {
        return;
      }
    }
  }

  private void release() {
    if (refs.decrementAndGet() == 0 && ownsEngine) {
      engine.close();
    }
  }

  /** For a short-lived check: closing this scorer leaves the engine open for its next owner. */
  Scorer keepingEngineOpen() {
    ownsEngine = false;
    return this;
  }

  /**
   * The score of each output row as one number: the probability (binary), the probability of the
   * top class (multiclass) or the value (regression).
   */
  public static double score(float[] output) {
    if (output.length == 1) {
      return output[0];
    }
    float max = output[0];
    for (float v : output) {
      max = Math.max(max, v);
    }
    return max;
  }

  /** A quantile histogram of the scores of some outputs (the score drift reference). */
  static dev.boostline.data.Histogram scoreHistogram(float[][] outputs) {
    double[] v = new double[outputs.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = score(outputs[i]);
    }
    java.util.Arrays.sort(v);
    return dev.boostline.data.Histogram.ofSorted(
        v, dev.boostline.data.DatasetProfile.HISTOGRAM_BINS);
  }

  /**
   * A hold on the model: while the lease is open, {@link #close()} does not release it. For callers
   * that pick a scorer from a shared slot and must not see it closed under them.
   */
  public final class Lease implements AutoCloseable {
    private boolean open = true;

    public Scorer scorer() {
      return Scorer.this;
    }

    @Override
    public void close() {
      if (open) {
        open = false;
        release();
      }
    }
  }

  /** A lease, or empty when the scorer is already closed. */
  public java.util.Optional<Lease> tryLease() {
    while (true) {
      int r = refs.get();
      if (r == 0 || closed.get()) {
        return java.util.Optional.empty();
      }
      if (refs.compareAndSet(r, r + 1)) {
        return java.util.Optional.of(new Lease());
      }
    }
  }

  /** Releases the model once every call in flight has returned. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release();
    }
  }
}
