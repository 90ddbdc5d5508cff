package dev.boostline.report;

import java.nio.file.Path;

/**
 * Writes the fixture reports to a directory for looking at them in a browser (the README's
 * screenshot comes from {@code binary.html}): {@code java -cp <test classpath>
 * dev.boostline.report.SampleReports /tmp/reports}. Not part of the test suite.
 */
final class SampleReports {
  private SampleReports() {}

  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/sample-reports");
    ComparisonReport.write(ReportFixtures.binary(3000, true, 11), dir.resolve("binary.html"));
    ComparisonReport.write(
        ReportFixtures.binary(3000, false, 12), dir.resolve("binary-alone.html"));
    ComparisonReport.write(
        ReportFixtures.multiclass(3000, true, 13), dir.resolve("multiclass.html"));
    ComparisonReport.write(
        ReportFixtures.regression(3000, true, 14), dir.resolve("regression.html"));
    ComparisonReport.write(
        ReportFixtures.regression(3000, false, 15), dir.resolve("regression-alone.html"));
    System.out.println("wrote reports to " + dir.toAbsolutePath());
  }
}
