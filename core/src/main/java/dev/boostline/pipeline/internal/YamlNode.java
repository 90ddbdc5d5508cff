package dev.boostline.pipeline.internal;

import dev.boostline.pipeline.PipelineFileException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML document read as nodes that remember their line, so that every error names the file, the
 * line and the key: {@code pipeline.yaml line 12, training.rounds: expected an integer, got
 * "many"}. A mapping reports keys nobody asked for ({@link #requireNoOtherKeys}). Not thread-safe.
 */
public final class YamlNode {
  private final String file;
  private final String path;
  private final Node node;
  private final Set<String> read = new LinkedHashSet<>();

  private YamlNode(String file, String path, Node node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  /**
   * Parses a file's single document.
   *
   * @throws PipelineFileException for unreadable YAML (with its line), or an empty file
   */
  public static YamlNode read(Path file) {
    String label = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Node root = new Yaml(options).compose(in);
      if (root == null) {
        throw new PipelineFileException(label + ": the file is empty");
      }
      return new YamlNode(label, "", root);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new PipelineFileException(
          label + " line " + line + ": not valid YAML: " + e.getProblem(), e);
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      throw new PipelineFileException(label + ": not valid YAML: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new PipelineFileException(label + ": cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The 1-based line this node starts on. */
  public int line() {
    return node.getStartMark().getLine() + 1;
  }

  /** The dotted key path of this node ({@code training.rounds}), empty for the document. */
  public String path() {
    return path;
  }

  /** An error about this node, naming file, line and key. */
  public PipelineFileException error(String message) {
    return new PipelineFileException(
        file + " line " + line() + (path.isEmpty() ? "" : ", " + path) + ": " + message);
  }

  private MappingNode mapping() {
    if (node instanceof MappingNode m) {
      Set<String> seen = new java.util.HashSet<>();
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && !seen.add(k.getValue())) {
          throw new YamlNode(file, child(k.getValue()), k).error("duplicate key");
        }
      }
      return m;
    }
    throw error("expected a mapping of keys to values, got " + kind());
  }

  private String kind() {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    String v = ((ScalarNode) node).getValue();
    return v.isEmpty() ? "nothing" : "\"" + v + "\"";
  }

  private String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The value under {@code key} of this mapping, if present (and not null). */
  public Optional<YamlNode> get(String key) {
    read.add(key);
    for (NodeTuple t : mapping().getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        Node v = t.getValueNode();
        if (v instanceof ScalarNode s && isNull(s)) {
          return Optional.empty();
        }
        return Optional.of(new YamlNode(file, child(key), v));
      }
    }
    return Optional.empty();
  }

  /** The value under {@code key}, which must be present. */
  public YamlNode require(String key) {
    return get(key).orElseThrow(() -> error("missing required key \"" + key + "\""));
  }

  /** Whether {@code key} is present in this mapping. */
  public boolean has(String key) {
    for (NodeTuple t : mapping().getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Refuses keys of this mapping that were not asked for with {@link #get}/{@link #require}.
   *
   * @throws PipelineFileException naming the first unknown key, its line and the known keys
   */
  public void requireNoOtherKeys() {
    for (NodeTuple t : mapping().getValue()) {
      String k = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
      if (!read.contains(k)) {
        throw new YamlNode(file, child(k), t.getKeyNode())
            .error("unknown key; expected one of " + String.join(", ", read));
      }
    }
  }

  /** A string scalar. */
  public String string() {
    if (node instanceof ScalarNode s && !isNull(s)) {
      return s.getValue();
    }
    throw error("expected text, got " + kind());
  }

  /** An integer scalar. */
  public long integer() {
    String v = scalar("an integer");
    try {
      return Long.parseLong(v.strip().replace("_", ""));
    } catch (NumberFormatException e) {
      throw error("expected an integer, got \"" + v + "\"");
    }
  }

  /** An integer scalar in [min, max]. */
  public int integer(int min, int max) {
    long v = integer();
    if (v < min || v > max) {
      throw error("expected an integer from " + min + " to " + max + ", got " + v);
    }
    return (int) v;
  }

  /** A number scalar. */
  public double number() {
    String v = scalar("a number");
    try {
      double d = Double.parseDouble(v.strip());
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw error("expected a number, got \"" + v + "\"");
  }

  /** A boolean scalar ({@code true}/{@code false}, any case). */
  public boolean bool() {
    String v = scalar("true or false").strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw error("expected true or false, got \"" + v + "\"");
    };
  }

  private String scalar(String expected) {
    if (node instanceof ScalarNode s && !isNull(s)) {
      return s.getValue();
    }
    throw error("expected " + expected + ", got " + kind());
  }

  /** A list of strings (a single scalar counts as a one-element list). */
  public List<String> strings() {
    if (node instanceof ScalarNode) {
      return List.of(string());
    }
    List<String> out = new ArrayList<>();
    for (YamlNode item : items()) {
      out.add(item.string());
    }
    return out;
  }

  /** The items of a list. */
  public List<YamlNode> items() {
    if (!(node instanceof SequenceNode seq)) {
      throw error("expected a list, got " + kind());
    }
    List<YamlNode> out = new ArrayList<>();
    for (int i = 0; i < seq.getValue().size(); i++) {
      out.add(new YamlNode(file, path + "[" + i + "]", seq.getValue().get(i)));
    }
    return out;
  }

  /** The keys of a mapping, in order (all counted as read). */
  public List<String> keys() {
    List<String> out = new ArrayList<>();
    for (NodeTuple t : mapping().getValue()) {
      String k = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
      out.add(k);
      read.add(k);
    }
    return out;
  }

  /**
   * This node as plain Java values (maps, lists, strings, longs, doubles, booleans, null), for
   * handing a subtree to a type with its own reader.
   */
  public Object plain() {
    if (node instanceof MappingNode m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        String k = ((ScalarNode) t.getKeyNode()).getValue();
        out.put(k, new YamlNode(file, child(k), t.getValueNode()).plain());
      }
      keys();
      return out;
    }
    if (node instanceof SequenceNode) {
      List<Object> out = new ArrayList<>();
      for (YamlNode item : items()) {
        out.add(item.plain());
      }
      return out;
    }
    ScalarNode s = (ScalarNode) node;
    if (isNull(s)) {
      return null;
    }
    String v = s.getValue();
    if (s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN) {
      String t = v.strip();
      if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(t);
      }
      try {
        return Long.parseLong(t);
      } catch (NumberFormatException e) {
        // not an integer
      }
      try {
        double d = Double.parseDouble(t);
        if (Double.isFinite(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // text
      }
    }
    return v;
  }

  private static boolean isNull(ScalarNode s) {
    return s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN
        && (s.getValue().isEmpty() || s.getValue().equals("~") || s.getValue().equals("null"));
  }
}
