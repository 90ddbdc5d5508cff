package dev.boostline.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every public type, constructor, method and constant of the published modules' public packages has
 * a doc comment (the contracts: units, nullability, ownership, thread safety). Parsed from the
 * sources with javac's tree API. Exempt: {@code internal} packages, overriding methods (they
 * inherit their docs), a record's canonical constructor (its components are documented on the
 * record), and members of private or package-private types. {@code mvn verify} also runs javadoc
 * with doclint on every other group.
 */
class DocCoverageTest {
  private static final List<String> MODULES =
      List.of("core", "serving", "azure", "ui", "spark", "cli");

  @Test
  void every_public_api_element_has_a_doc_comment() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String m : MODULES) {
      Path src = Path.of("..", m, "src/main/java");
      try (var walk = Files.walk(src)) {
        walk.filter(p -> p.toString().endsWith(".java"))
            .filter(p -> !p.toString().contains("/internal/"))
            .forEach(files::add);
      }
    }
    assertThat(files).hasSizeGreaterThan(100);
    List<String> missing = undocumented(files);
    assertThat(missing).as("public API without a doc comment (%d)", missing.size()).isEmpty();
  }

  @Test
  void the_check_finds_what_is_missing(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("Sample.java"),
            """
            package sample;

            /** Documented. */
            public final class Sample {
              /** Documented. */
              public static final int A = 1;

              public static final int B = 2;

              /** Its components are documented here. @param x a value */
              public record Point(int x) {
                public Point {}
              }

              public void undocumented() {}

              /** Documented. */
              public void documented() {}

              @Override
              public String toString() {
                return "";
              }

              void packagePrivate() {}
            }
            """);
    assertThat(undocumented(List.of(file)))
        .containsExactly("Sample.java:8 field B", "Sample.java:15 method undocumented");
  }

  static List<String> undocumented(List<Path> files) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> missing = new ArrayList<>();
    try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(files);
      JavacTask task =
          (JavacTask) javac.getTask(null, fm, d -> {}, List.of("-proc:none"), null, units);
      DocTrees docs = DocTrees.instance(task);
      for (CompilationUnitTree unit : task.parse()) {
        new TreePathScanner<Void, Void>() {
          private final List<Boolean> publicTypes = new ArrayList<>();
          private final List<Boolean> interfaces = new ArrayList<>();

          private boolean inPublicType() {
            return !publicTypes.isEmpty() && publicTypes.get(publicTypes.size() - 1);
          }

          private void check(Tree t, String what) {
            DocCommentTree doc = docs.getDocCommentTree(getCurrentPath());
            if (doc == null) {
              long line =
                  unit.getLineMap()
                      .getLineNumber(docs.getSourcePositions().getStartPosition(unit, t));
              missing.add(
                  Path.of(unit.getSourceFile().toUri()).getFileName() + ":" + line + " " + what);
            }
          }

          @Override
          public Void visitClass(ClassTree c, Void v) {
            boolean isPublic =
                c.getModifiers().getFlags().contains(Modifier.PUBLIC)
                    && (publicTypes.isEmpty() || inPublicType());
            if (isPublic) {
              check(c, "type " + c.getSimpleName());
            }
            publicTypes.add(isPublic);
            interfaces.add(
                c.getKind() == Tree.Kind.INTERFACE || c.getKind() == Tree.Kind.ANNOTATION_TYPE);
            super.visitClass(c, v);
            publicTypes.remove(publicTypes.size() - 1);
            interfaces.remove(interfaces.size() - 1);
            return null;
          }

          @Override
          public Void visitMethod(MethodTree m, Void v) {
            boolean api =
                exposed(m.getModifiers())
                    || interfaces.get(interfaces.size() - 1)
                        && !m.getModifiers().getFlags().contains(Modifier.PRIVATE);
            if (inPublicType() && api && !overrides(m) && !canonical(m)) {
              check(m, "method " + m.getName());
            }
            return null; // not into bodies
          }

          @Override
          public Void visitVariable(VariableTree f, Void v) {
            boolean api = exposed(f.getModifiers()) || interfaces.get(interfaces.size() - 1);
            if (inPublicType() && api) {
              check(f, "field " + f.getName());
            }
            return null;
          }

          private boolean exposed(ModifiersTree mods) {
            Set<Modifier> flags = mods.getFlags();
            return flags.contains(Modifier.PUBLIC) || flags.contains(Modifier.PROTECTED);
          }

          private boolean overrides(MethodTree m) {
            return m.getModifiers().getAnnotations().stream()
                .anyMatch(a -> a.getAnnotationType().toString().equals("Override"));
          }

          /**
           * A record's compact canonical constructor: no parameter list in the source (javac gives
           * it the record's components as parameters, so the tree cannot tell).
           */
          private boolean canonical(MethodTree m) {
            TreePath parent = getCurrentPath().getParentPath();
            if (!m.getName().contentEquals("<init>")
                || parent.getLeaf().getKind() != Tree.Kind.RECORD
                || m.getBody() == null) {
              return false;
            }
            try {
              String src = unit.getSourceFile().getCharContent(true).toString();
              var pos = docs.getSourcePositions();
              String head =
                  src.substring(
                      (int) pos.getStartPosition(unit, m),
                      (int) pos.getStartPosition(unit, m.getBody()));
              return !head.replaceAll("@[\\w.]+(\\([^)]*\\))?", "").contains("(");
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        }.scan(unit, null);
      }
    }
    return missing;
  }
}
