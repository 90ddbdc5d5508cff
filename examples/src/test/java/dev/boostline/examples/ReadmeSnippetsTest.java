package dev.boostline.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's Java snippets are the examples' code: every {@code ```java} block of the top README
 * appears, line for line (indentation aside), in one of the examples, which the build runs.
 */
class ReadmeSnippetsTest {
  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  private static List<String> lines(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  @Test
  void every_java_snippet_of_the_readme_is_code_of_an_example() throws IOException {
    Path readme = Examples.dataDir().resolveSibling("README.md");
    Matcher m = BLOCK.matcher(Files.readString(readme));
    List<List<String>> sources = new ArrayList<>();
    try (var files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        sources.add(lines(Files.readString(f)));
      }
    }
    int blocks = 0;
    while (m.find()) {
      blocks++;
      List<String> snippet = lines(m.group(1));
      assertThat(sources)
          .as("README snippet not found in any example:%n%s", m.group(1))
          .anyMatch(source -> java.util.Collections.indexOfSubList(source, snippet) >= 0);
    }
    assertThat(blocks).isGreaterThanOrEqualTo(6);
  }
}
