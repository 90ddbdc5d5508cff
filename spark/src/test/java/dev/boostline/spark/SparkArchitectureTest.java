package dev.boostline.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.Test;

/**
 * The spark module keeps the project's structure rules (the cli's ArchitectureTest covers the
 * modules of the command; this optional module is not on its class path): xgboost4j only in {@code
 * xgboost...internal} packages, and no package cycle.
 */
class SparkArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          // core comes as its jar (a reactor build) or as core/target/classes (mvn -pl spark ...)
          .withImportOption(
              location ->
                  !location.contains("boostline-core") && !location.contains("/core/target/"))
          .importPackages("dev.boostline");

  @Test
  void xgboost4j_only_in_xgboost_internal_packages() {
    assertThat(CLASSES.stream().map(c -> c.getPackageName()))
        .contains("dev.boostline.spark", "dev.boostline.xgboost.spark.internal");
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.boostline.xgboost..internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("ml.dmlc..")
        .check(CLASSES);
  }

  @Test
  void no_cycle_between_packages() {
    SlicesRuleDefinition.slices()
        .matching("dev.boostline.(**)")
        .should()
        .beFreeOfCycles()
        .check(CLASSES);
  }
}
