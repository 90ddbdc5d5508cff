package dev.boostline.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the published modules (core, serving, azure, ui, cli: every module on this test class path)
 * to the rules of {@link Architecture}; each rule is also shown to catch a violation in the
 * fixtures under {@code dev.boostline.archfixture}, so that none of them passes vacuously.
 */
class ArchitectureTest {
  private static JavaClasses published;
  private static JavaClasses fixtures;

  @BeforeAll
  static void importClasses() {
    published =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.boostline");
    fixtures = new ClassFileImporter().importPackages("dev.boostline.archfixture");
  }

  @Test
  void every_published_module_is_on_the_class_path() {
    assertThat(published.stream().map(Architecture::module).distinct())
        .contains("core", "serving", "azure", "ui", "cli")
        .doesNotContain("?");
    assertThat(published.stream().map(c -> c.getPackageName()))
        .doesNotContain("dev.boostline.archfixture.a");
  }

  @Test
  void no_cycle_between_packages() {
    Architecture.noCycles().check(published);
    assertThat(Architecture.noCycles().evaluate(fixtures).hasViolation()).isTrue();
  }

  @Test
  void internal_packages_stay_inside_their_parent_and_module() {
    Architecture.internalsStayInside(published).check(published);
    EvaluationResult r = Architecture.internalsStayInside(fixtures).evaluate(fixtures);
    assertThat(r.getFailureReport().getDetails())
        .anyMatch(
            line ->
                line.contains("archfixture.c.UsesInternal")
                    && line.contains("internal to dev.boostline.archfixture.d"));
  }

  @Test
  void xgboost4j_only_in_xgboost_internal() {
    Architecture.xgboostOnlyInItsInternalPackage().check(published);
    assertThat(Architecture.xgboostOnlyInItsInternalPackage().evaluate(fixtures).hasViolation())
        .isTrue();
  }

  @Test
  void core_has_no_http_azure_or_metrics_types_and_nothing_uses_smile() {
    Architecture.coreHasNoHttpAzureOrMetrics().check(published);
    Architecture.noSmile().check(published);
    assertThat(published.stream().filter(c -> Architecture.module(c).equals("core")).count())
        .isGreaterThan(100);
  }
}
