package dev.boostline.benchmarks;

import dev.boostline.util.internal.SplitMix64;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A seeded generator of HIGGS-like CSV data: the shape of the UCI HIGGS benchmark (a binary label
 * then 28 float features: 21 low-level kinematic ones and 7 derived invariant masses) with a known,
 * non-linear target.
 *
 * <p>Layout: header {@code label,f0,...,f27}; {@code label} is 0 or 1 (about 53% ones); features
 * are written with 5 decimals. Low-level features: lepton pT, eta, phi (f0-f2), missing energy
 * magnitude and phi (f3-f4), then four jets of pT, eta, phi, b-tag each (f5-f20); b-tags take the
 * three values 0, 1.08652 and 2.17304. High-level features (f21-f27): invariant masses of jet,
 * lepton and missing-energy combinations, computed from the low-level ones and scaled to about 1.
 *
 * <p>Target: {@code label = 1} when a non-linear score of the true feature values (mass peaks,
 * b-tag counts, an angle interaction, thresholds) plus logistic noise is positive. The noise is set
 * so that gradient boosting reaches an AUC near 0.82 (the Bayes-optimal AUC is about 0.84).
 *
 * <p>Missing values: f3, f9, f17 and f24 are each left empty in about 5% of the rows,
 * independently, after the label is drawn (missing completely at random).
 *
 * <p>Determinism: the bytes depend only on {@code rows} and {@code seed}, on every JDK and platform
 * (a SplitMix64 stream and {@link StrictMath} only). The file for {@code n} rows is a prefix of the
 * file for more rows with the same seed, so a small smoke file is the start of the big one. By
 * convention the last 20% of the rows are the holdout.
 */
public final class HiggsLike {
  /** Number of feature columns. */
  public static final int FEATURES = 28;

  /** Feature indexes that have missing values. */
  public static final List<Integer> MISSING_FEATURES = List.of(3, 9, 17, 24);

  /** Probability that a value of one of {@link #MISSING_FEATURES} is missing. */
  public static final double MISSING_RATE = 0.05;

  /** The seed used when none is given. */
  public static final long DEFAULT_SEED = 42L;

  private static final double TWO_PI = 2 * Math.PI;
  private static final double[] BTAG = {0.0, 1.08652, 2.17304};

  // Calibration of the target (see the class doc): score offset and logistic noise scale.
  private static final double OFFSET = -1.55;
  private static final double NOISE = 0.54;

  private HiggsLike() {}

  /** The header columns: {@code label, f0 .. f27}. */
  public static List<String> columns() {
    List<String> out = new ArrayList<>(FEATURES + 1);
    out.add("label");
    for (int i = 0; i < FEATURES; i++) {
      out.add("f" + i);
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Writes {@code rows} rows (plus the header) to {@code file}, replacing it. The file is written
   * to a temporary sibling and renamed into place, so a reader never sees a partial file.
   *
   * @param rows number of data rows, >= 0
   * @param seed the seed; equal seeds give equal bytes
   * @throws UncheckedIOException when the file cannot be written
   */
  public static void write(Path file, int rows, long seed) {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0, got " + rows);
    }
    Path abs = file.toAbsolutePath();
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
    try {
      if (abs.getParent() != null) {
        Files.createDirectories(abs.getParent());
      }
      try (OutputStream out = Files.newOutputStream(tmp)) {
        write(out, rows, seed);
      }
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Writes the CSV to a stream, which the caller owns and closes (it is flushed, not closed).
   *
   * @see #write(Path, int, long)
   */
  public static void write(OutputStream out, int rows, long seed) throws IOException {
    Generator g = new Generator(seed);
    out.write((String.join(",", columns()) + "\n").getBytes(StandardCharsets.US_ASCII));
    Line line = new Line();
    double[] x = new double[FEATURES];
    boolean[] missing = new boolean[FEATURES];
    byte[] chunk = new byte[1 << 16];
    int used = 0;
    for (int r = 0; r < rows; r++) {
      line.length = 0;
      int label = g.row(x, missing);
      line.put((char) ('0' + label));
      for (int i = 0; i < FEATURES; i++) {
        line.put(',');
        if (!missing[i]) {
          line.putFixed5(x[i]);
        }
      }
      line.put('\n');
      if (used + line.length > chunk.length) {
        out.write(chunk, 0, used);
        used = 0;
      }
      System.arraycopy(line.bytes, 0, chunk, used, line.length);
      used += line.length;
    }
    out.write(chunk, 0, used);
    out.flush();
  }

  /**
   * Writes a file: {@code HiggsLike FILE [ROWS] [SEED]} (defaults 1,000,000 rows, seed 42).
   *
   * @param args the file, then optionally the row count and the seed
   */
  public static void main(String[] args) {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: HiggsLike FILE [ROWS (default 1000000)] [SEED (default 42)]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    int rows = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 1_000_000;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : DEFAULT_SEED;
    long t0 = System.nanoTime();
    write(file, rows, seed);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("wrote %,d rows to %s in %,d ms%n", rows, file, ms);
  }

  /** A row generator over one seeded stream; not thread-safe. */
  static final class Generator {
    private final SplitMix64 rnd;
    private double spare = Double.NaN;

    Generator(long seed) {
      this.rnd = new SplitMix64(seed);
    }

    /**
     * Fills {@code x} with the next row's features (rounded as written) and {@code missing} with
     * which of them are left empty; returns the label.
     */
    int row(double[] x, boolean[] missing) {
      double score = features(x);
      int label = score + NOISE * logistic() > 0 ? 1 : 0;
      for (int i = 0; i < FEATURES; i++) {
        x[i] = Math.rint(x[i] * 1e5) / 1e5;
        missing[i] = false;
      }
      for (int i : MISSING_FEATURES) {
        missing[i] = rnd.nextDouble() < MISSING_RATE;
      }
      return label;
    }

    /**
     * Draws the true features into {@code x} and returns the noiseless score: label 1 is more
     * likely the larger it is.
     */
    double features(double[] x) {
      double lepPt = 0.85 * StrictMath.exp(0.45 * gaussian());
      double lepEta = clip(gaussian(), 2.4);
      double lepPhi = angle();
      double met = 0.9 * StrictMath.exp(0.55 * gaussian());
      double metPhi = angle();
      x[0] = lepPt;
      x[1] = lepEta;
      x[2] = lepPhi;
      x[3] = met;
      x[4] = metPhi;
      double[] pt = new double[4];
      double[] eta = new double[4];
      double[] phi = new double[4];
      int tight = 0;
      for (int j = 0; j < 4; j++) {
        pt[j] = (1.0 - 0.05 * j) * StrictMath.exp(0.5 * gaussian());
        eta[j] = clip(1.05 * gaussian(), 2.7);
        phi[j] = angle();
        double u = rnd.nextDouble();
        double tag = u < 0.55 ? BTAG[0] : u < 0.65 ? BTAG[1] : BTAG[2];
        if (tag == BTAG[2]) {
          tight++;
        }
        x[5 + 4 * j] = pt[j];
        x[6 + 4 * j] = eta[j];
        x[7 + 4 * j] = phi[j];
        x[8 + 4 * j] = tag;
      }
      // Massless four-vectors: lepton, neutrino (missing energy, pz = 0), jets.
      Vec lep = Vec.of(lepPt, lepEta, lepPhi);
      Vec nu = Vec.of(met, 0.0, metPhi);
      Vec[] jet = new Vec[4];
      for (int j = 0; j < 4; j++) {
        jet[j] = Vec.of(pt[j], eta[j], phi[j]);
      }
      double mjj = jet[0].plus(jet[1]).mass() / 2.0;
      double mjjj = jet[0].plus(jet[1]).plus(jet[2]).mass() / 3.0;
      double mlv = lep.plus(nu).mass() / 1.2;
      double mjlv = jet[0].plus(lep).plus(nu).mass() / 2.5;
      double mbb = jet[2].plus(jet[3]).mass() / 1.8;
      double mwbb = jet[0].plus(jet[1]).plus(jet[2]).plus(jet[3]).mass() / 4.0;
      double mwwbb = jet[0].plus(jet[1]).plus(jet[2]).plus(jet[3]).plus(lep).plus(nu).mass() / 5.5;
      x[21] = mjj;
      x[22] = mjjj;
      x[23] = mlv;
      x[24] = mjlv;
      x[25] = mbb;
      x[26] = mwbb;
      x[27] = mwwbb;

      double s = OFFSET;
      s += 1.4 * bump(mbb, 0.9, 0.25); // a resonance in the b-jet pair
      s += 0.9 * bump(mlv, 0.7, 0.2); // a W-like peak in lepton + missing energy
      s += 0.8 * StrictMath.tanh(2.0 * (mwwbb - 1.1)); // heavier whole events
      s += 0.45 * tight; // b-tag count
      s += 0.35 * (tight >= 2 && mjj < 0.8 ? 1 : 0); // an interaction
      s += 0.5 * StrictMath.cos(lepPhi - metPhi) * StrictMath.tanh(met - 0.6); // angle x energy
      s += 0.4 * (lepPt > 1.1 ? 1 : 0) * (Math.abs(lepEta) < 1.2 ? 1 : -0.5); // a threshold
      s -= 0.25 * Math.abs(eta[0] - eta[1]); // rapidity gap
      return s;
    }

    private static double bump(double v, double center, double width) {
      double z = (v - center) / width;
      return StrictMath.exp(-0.5 * z * z);
    }

    private static double clip(double v, double bound) {
      return Math.max(-bound, Math.min(bound, v));
    }

    private double angle() {
      return TWO_PI * rnd.nextDouble() - Math.PI;
    }

    /** A standard logistic draw. */
    private double logistic() {
      double u = rnd.nextDouble();
      while (u == 0.0) {
        u = rnd.nextDouble();
      }
      return StrictMath.log(u / (1.0 - u));
    }

    /** A standard normal draw (Marsaglia's polar method). */
    private double gaussian() {
      if (!Double.isNaN(spare)) {
        double v = spare;
        spare = Double.NaN;
        return v;
      }
      double u;
      double v;
      double s;
      do {
        u = 2 * rnd.nextDouble() - 1;
        v = 2 * rnd.nextDouble() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s == 0);
      double m = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
      spare = v * m;
      return u * m;
    }
  }

  /** A four-vector (E, px, py, pz). */
  private record Vec(double e, double px, double py, double pz) {
    static Vec of(double pt, double eta, double phi) {
      return new Vec(
          pt * StrictMath.cosh(eta),
          pt * StrictMath.cos(phi),
          pt * StrictMath.sin(phi),
          pt * StrictMath.sinh(eta));
    }

    Vec plus(Vec o) {
      return new Vec(e + o.e, px + o.px, py + o.py, pz + o.pz);
    }

    double mass() {
      double m2 = e * e - px * px - py * py - pz * pz;
      return m2 > 0 ? StrictMath.sqrt(m2) : 0.0;
    }
  }

  /** One CSV line being built, as ASCII bytes. */
  private static final class Line {
    byte[] bytes = new byte[1024];
    int length;

    void put(char c) {
      ensure(1);
      bytes[length++] = (byte) c;
    }

    /** Writes {@code v} with exactly 5 decimals (no exponent, no negative zero). */
    void putFixed5(double v) {
      long scaled = Math.round(v * 1e5);
      ensure(24);
      if (scaled < 0) {
        bytes[length++] = '-';
        scaled = -scaled;
      }
      long whole = scaled / 100_000;
      int frac = (int) (scaled % 100_000);
      putDigits(whole);
      bytes[length++] = '.';
      for (int div = 10_000; div > 0; div /= 10) {
        bytes[length++] = (byte) ('0' + (frac / div) % 10);
      }
    }

    private void putDigits(long v) {
      if (v >= 10) {
        putDigits(v / 10);
      }
      bytes[length++] = (byte) ('0' + (int) (v % 10));
    }

    private void ensure(int n) {
      if (length + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
      }
    }
  }
}
