package dev.boostline.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The structure rules of Boostline's published modules, as ArchUnit rules (the same rules as {@code
 * shared/tools/layers.py}, which reads them from the built jars with jdeps):
 *
 * <ul>
 *   <li>no cycle between {@code dev.boostline} packages, a package and its own {@code internal}
 *       subpackages counting as one;
 *   <li>an {@code internal} package is used only in its own module, and only under its parent
 *       package, unless that parent holds no classes of its own (then the internal package, like
 *       {@code xgboost.internal} or {@code util.internal}, belongs to the whole module);
 *   <li>xgboost4j ({@code ml.dmlc}) only in {@code dev.boostline.xgboost.internal};
 *   <li>core uses no HTTP server, servlet, Azure or Micrometer types;
 *   <li>smile (GPL-3.0) in no main class.
 * </ul>
 */
final class Architecture {
  private static final Pattern MODULE =
      Pattern.compile("/(\\w+)/target/classes/|/boostline-(\\w+)-[^/]*\\.jar");

  private Architecture() {}

  /** The unit a package belongs to for cycles: itself up to its first {@code .internal}. */
  static String unit(String pkg) {
    int i = pkg.indexOf(".internal");
    return i < 0 ? pkg : pkg.substring(0, i);
  }

  /** The module a class was loaded from ({@code core}, {@code serving}, ...), or "?". */
  static String module(JavaClass c) {
    return c.getSource()
        .map(
            s -> {
              Matcher m = MODULE.matcher(s.getUri().toString());
              return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : "?";
            })
        .orElse("?");
  }

  static ArchRule noCycles() {
    return SlicesRuleDefinition.slices()
        .assignedFrom(
            new SliceAssignment() {
              @Override
              public SliceIdentifier getIdentifierOf(JavaClass c) {
                String p = c.getPackageName();
                return p.startsWith("dev.boostline")
                    ? SliceIdentifier.of(unit(p))
                    : SliceIdentifier.ignore();
              }

              @Override
              public String getDescription() {
                return "dev.boostline packages, each with its internal subpackages";
              }
            })
        .should()
        .beFreeOfCycles();
  }

  static ArchRule internalsStayInside(JavaClasses all) {
    Set<String> packagesWithClasses = new HashSet<>();
    all.forEach(c -> packagesWithClasses.add(module(c) + ":" + c.getPackageName()));
    return ArchRuleDefinition.classes()
        .that()
        .resideInAPackage("dev.boostline..")
        .should(
            new ArchCondition<JavaClass>(
                "use an internal package only from its own module and under its parent package") {
              @Override
              public void check(JavaClass c, ConditionEvents events) {
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                  JavaClass target = d.getTargetClass().getBaseComponentType();
                  String pkg = target.getPackageName();
                  if (!pkg.startsWith("dev.boostline") || !pkg.contains(".internal")) {
                    continue;
                  }
                  String owner = unit(pkg);
                  String from = c.getPackageName();
                  boolean sameModule = module(c).equals(module(target));
                  boolean moduleWide = !packagesWithClasses.contains(module(target) + ":" + owner);
                  boolean underParent = from.equals(owner) || from.startsWith(owner + ".");
                  if (!sameModule || !(moduleWide || underParent)) {
                    events.add(
                        SimpleConditionEvent.violated(
                            d,
                            c.getName()
                                + " ("
                                + module(c)
                                + ") uses "
                                + target.getName()
                                + " ("
                                + module(target)
                                + "), internal to "
                                + owner));
                  }
                }
              }
            });
  }

  static ArchRule xgboostOnlyInItsInternalPackage() {
    return noClasses()
        .that()
        .resideOutsideOfPackage("dev.boostline.xgboost.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("ml.dmlc..");
  }

  static ArchRule coreHasNoHttpAzureOrMetrics() {
    return noClasses()
        .that(
            DescribedPredicate.describe(
                "are in module core", (JavaClass c) -> module(c).equals("core")))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.javalin..",
            "jakarta.servlet..",
            "org.eclipse.jetty..",
            "com.azure..",
            "io.micrometer..");
  }

  static ArchRule noSmile() {
    return noClasses().should().dependOnClassesThat().resideInAPackage("smile..");
  }
}
