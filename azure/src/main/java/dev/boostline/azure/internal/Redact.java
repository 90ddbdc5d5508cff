package dev.boostline.azure.internal;

import java.util.regex.Pattern;

/** Removes secrets from text meant for people: SAS signatures and account keys in URLs. */
public final class Redact {
  private static final Pattern SIG =
      Pattern.compile("(?i)([?&](sig|se|st|skoid|sktid)=)[^&\\s\"]*");

  private Redact() {}

  /** The URL with the values of SAS signature parameters replaced by {@code REDACTED}. */
  public static String url(String url) {
    return url == null ? null : SIG.matcher(url).replaceAll("$1REDACTED");
  }
}
