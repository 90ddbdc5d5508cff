package dev.boostline.report;

import java.util.Objects;

/**
 * Markup produced by this package's templates, safe to insert into an HTML page as it is: every
 * piece of text in it was escaped when it was rendered. Only {@link Rendering} makes fragments, so
 * a fragment never holds unescaped user text. Immutable.
 *
 * @param html the markup (an element or a sequence of elements)
 */
public record HtmlFragment(String html) {
  public HtmlFragment {
    Objects.requireNonNull(html, "html");
  }

  @Override
  public String toString() {
    return html;
  }
}
