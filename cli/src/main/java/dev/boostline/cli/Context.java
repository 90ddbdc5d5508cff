package dev.boostline.cli;

import dev.boostline.Boostline;
import dev.boostline.common.JsonForm;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What a running command needs: the resolved global options (given on the command itself or on any
 * parent) and the output stream.
 */
final class Context {
  private final CommandSpec spec;

  Context(CommandSpec spec) {
    this.spec = spec;
  }

  /** The home directory (see {@link Boostline#home}). */
  Path home() {
    return Boostline.home(Optional.ofNullable(this.<Path>global("--home")));
  }

  /** The home, opened. */
  Boostline boostline() {
    return Boostline.open(home());
  }

  /** Whether --json was given. */
  boolean json() {
    Boolean json = global("--json");
    return json != null && json;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Prints a value as JSON (when --json) or the given text. */
  void print(Object jsonValue, String text) {
    PrintWriter out = out();
    if (json()) {
      out.println(JsonForm.pretty(jsonValue));
    } else {
      out.print(text);
      if (!text.endsWith("\n")) {
        out.println();
      }
    }
    out.flush();
  }

  private <T> T global(String name) {
    for (CommandSpec s = spec; s != null; s = s.parent()) {
      OptionSpec o = s.findOption(name);
      if (o != null && o.getValue() != null && !Boolean.FALSE.equals(o.getValue())) {
        @SuppressWarnings("unchecked")
        T v = (T) o.getValue();
        return v;
      }
    }
    return null;
  }
}
