package dev.boostline.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.boostline.data.Dataset;
import dev.boostline.data.Tables;
import dev.boostline.features.FeatureSpec;
import dev.boostline.testing.ResidentMemory;
import dev.boostline.xgboost.internal.NativeBooster;
import dev.boostline.xgboost.internal.NativeMatrix;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Every xgboost4j Booster and DMatrix is released when its owner closes it, not when the garbage
 * collector gets to it: training and scoring 300 small models keeps the process's resident memory
 * (VmRSS) flat after a warm-up.
 *
 * <p>What a leak would cost: measured here with raw xgboost4j, a Booster of 20 rounds (depth 6,
 * hist) on a 2,000 x 10 DMatrix, with neither disposed, adds about 4.4 MiB of RSS per model (7 MiB
 * for the first ten); the model file alone is about 88 kB. Each round of the loop below creates
 * three matrices (train, validation, scoring) and two boosters (training, scoring), so leaking the
 * training booster would add over 1 GiB across the 270 models measured after the 30 of warm-up;
 * leaking only the scoring booster and matrix (loaded, not trained) about 300 KiB per model.
 *
 * <p>Without a leak, VmRSS still rises by 25-37 MiB over the first 30-60 models after the warm-up
 * and is then flat to within 1 MiB. Native Memory Tracking shows the JVM's own memory does not grow
 * meanwhile: it is the C allocator's high-water mark settling. So the bound over all 270 models is
 * 96 MiB (8% of what one leaked training booster per model would cost), and a second bound, 16 MiB
 * over the last 150 models, catches a leak of about 110 KiB per model, such as the scoring pair
 * (measured: 43-50 MiB over 150 models when they are not closed). Both bounds apply to VmRSS growth
 * minus the growth of the Java heap's committed size: G1 enlarging the heap by 16 MiB once made an
 * otherwise flat run (214 MiB for 240 models) read 16.7 MiB over the last 150 models.
 *
 * <p>xgboost4j's Booster and DMatrix also have finalizers, which a GC could run to hide a leak. The
 * scoring booster and matrix of every round are therefore kept strongly reachable after they are
 * closed: their finalizers can never run, so only {@link NativeBooster#close()} and {@link
 * NativeMatrix#close()} can have freed their native memory. (The handles inside {@link
 * Trainer#train} are not reachable from here; for them the test shows the memory is bounded.)
 */
@Tag("slow")
class NativeMemoryTest {
  private static final int MODELS = 300;
  private static final int WARM_UP = 30;
  private static final int SAMPLE_EVERY = 30;
  private static final int ROWS = 2_000;
  private static final int NUMERIC = 9;
  private static final int ROUNDS = 20;
  private static final long BOUND_KIB = 96 * 1024;
  private static final long SECOND_HALF_BOUND_KIB = 16 * 1024;

  @Test
  void training_and_scoring_300_models_keeps_resident_memory_bounded() {
    assumeTrue(ResidentMemory.readable(), "no /proc/self/status: resident memory is not readable");
    Dataset data = synthetic(ROWS, 42);
    FeatureSpec spec = FeatureSpec.forTarget("y");
    float[] labels =
        Predict.labels(Trainer.train(data, options(spec, 0), TrainingListener.NONE), data);
    List<AutoCloseable> closed = new ArrayList<>(2 * MODELS);
    List<Long> rss = new ArrayList<>();
    List<Long> heap = new ArrayList<>();
    long baseline = 0;
    long gcBefore = 0;
    long start = System.nanoTime();
    for (int k = 1; k <= MODELS; k++) {
      TrainResult r = Trainer.train(data, options(spec, k), TrainingListener.NONE);
      assertThat(r.roundsTrained()).isEqualTo(ROUNDS);

      float[] x = r.features().transform(data);
      int width = r.features().size();
      NativeBooster booster = NativeBooster.load(r.model());
      // A DMatrix per request, scored by the booster: the pattern of dmlc/xgboost#12545.
      NativeMatrix matrix =
          NativeMatrix.dense(
              x,
              ROWS,
              width,
              r.features().featureNames(),
              r.features().featureTypes(),
              labels,
              null);
      try (booster;
          matrix) {
        float[][] out = booster.predict(x, ROWS, width, r.bestIteration() + 1, false);
        assertThat(out).hasNumberOfRows(ROWS);
        assertThat(out[0][0]).isFinite();
        assertThat(booster.evaluate(List.of(matrix), List.of("scored"), 0))
            .contains("scored-rmse:");
      }
      assertThat(booster.isClosed()).isTrue();
      // Closed, and kept reachable: no finalizer can free these.
      closed.add(booster);
      closed.add(matrix);

      if (k == WARM_UP || (k > WARM_UP && k % SAMPLE_EVERY == 0)) {
        long now = settledRssKib();
        rss.add(now);
        heap.add(Runtime.getRuntime().totalMemory() >> 10);
        if (k == WARM_UP) {
          baseline = now;
          gcBefore = gcCount();
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // Growth outside the Java heap: a G1 heap that grows its committed size (16 MiB at a time
    // here) raises VmRSS without any native allocation, so heap growth is taken off.
    int peakAt = 0;
    for (int i = 1; i < rss.size(); i++) {
      peakAt = rss.get(i) > rss.get(peakAt) ? i : peakAt;
    }
    long peak = rss.get(peakAt);
    int lastAt = rss.size() - 1;
    long last = rss.get(lastAt);
    int middleAt = (MODELS / 2 - WARM_UP) / SAMPLE_EVERY; // after model 150
    long middle = rss.get(middleAt);
    long growth = peak - baseline - Math.max(0, heap.get(peakAt) - heap.get(0));
    long secondHalf = last - middle - Math.max(0, heap.get(lastAt) - heap.get(middleAt));
    System.out.printf(
        Locale.ROOT,
        "native memory: %d models in %.1f s; VmRSS (MiB) after %d, then every %d: %s;"
            + " peak growth outside the heap %.1f MiB, last - baseline %.1f MiB (bound %d MiB),"
            + " last 150 models outside the heap %.1f MiB (bound %d MiB); %d GCs after warm-up;"
            + " heap committed %s MiB%n",
        MODELS,
        seconds,
        WARM_UP,
        SAMPLE_EVERY,
        rss.stream().map(v -> Long.toString(v / 1024)).toList(),
        growth / 1024.0,
        (last - baseline) / 1024.0,
        BOUND_KIB / 1024,
        secondHalf / 1024.0,
        SECOND_HALF_BOUND_KIB / 1024,
        gcCount() - gcBefore,
        heap.stream().map(v -> Long.toString(v >> 10)).toList());
    assertThat(closed).hasSize(2 * MODELS);
    assertThat(rss).hasSize(1 + (MODELS - WARM_UP) / SAMPLE_EVERY);
    assertThat(growth)
        .as("VmRSS growth outside the heap over %d models after warm-up, KiB", MODELS - WARM_UP)
        .isLessThan(BOUND_KIB);
    assertThat(secondHalf)
        .as("VmRSS growth outside the heap over the last %d models, KiB", MODELS / 2)
        .isLessThan(SECOND_HALF_BOUND_KIB);
  }

  private static TrainOptions options(FeatureSpec spec, long seed) {
    XgbParams params =
        XgbParams.builder().rounds(ROUNDS).subsample(0.8).nthread(1).seed(seed).build();
    return TrainOptions.builder(spec).params(params).build();
  }

  /** Nine Gaussian features, one categorical with five levels, a noisy linear target. */
  private static Dataset synthetic(int rows, long seed) {
    Random rnd = new Random(seed);
    double[][] x = new double[NUMERIC][rows];
    String[] cat = new String[rows];
    double[] y = new double[rows];
    for (int i = 0; i < rows; i++) {
      double sum = 0;
      for (int j = 0; j < NUMERIC; j++) {
        x[j][i] = rnd.nextGaussian();
        sum += (j + 1) * x[j][i];
      }
      int level = rnd.nextInt(5);
      cat[i] = "level" + level;
      y[i] = sum + 3 * level + rnd.nextGaussian();
    }
    Table t = Table.create("synthetic");
    for (int j = 0; j < NUMERIC; j++) {
      t.addColumns(DoubleColumn.create("x" + j, x[j]));
    }
    t.addColumns(StringColumn.create("c", cat), DoubleColumn.create("y", y));
    Dataset d = Tables.toDataset(t);
    assertThat(d.schema().names()).hasSize(NUMERIC + 2);
    return d;
  }

  /**
   * VmRSS after a full GC, once it stops moving: G1 uncommits the heap it shrank concurrently, so
   * right after {@code System.gc()} the resident size still counts pages about to be returned.
   */
  private static long settledRssKib() {
    System.gc();
    long previous = ResidentMemory.rssKib();
    for (int i = 0; i < 40; i++) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      long now = ResidentMemory.rssKib();
      if (Math.abs(now - previous) < 512) {
        return now;
      }
      previous = now;
    }
    return previous;
  }

  private static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }
}
