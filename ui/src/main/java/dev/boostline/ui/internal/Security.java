package dev.boostline.ui.internal;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The checks that guard the UI's actions (promote, rollback): a form token that binds the exact
 * action shown on the confirmation page (so a tampered form changes nothing), a same-origin check
 * against cross-site requests, and the API key when one is configured. Tokens are HMAC-SHA256 of
 * the action under a random secret made when the UI starts. Thread-safe.
 */
public final class Security {
  private final byte[] secret = new byte[32];
  private final Optional<byte[]> key;

  public Security(Optional<String> apiKey) {
    new SecureRandom().nextBytes(secret);
    key = apiKey.map(k -> k.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether actions need the API key. */
  public boolean keyRequired() {
    return key.isPresent();
  }

  /** The token of an action described by its parts (action, model, alias, version...). */
  public String token(String... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * Checks an action request; throws {@link Web.Refused} (403 or 401) naming what failed. Nothing
   * has changed when it throws.
   */
  public void check(Context ctx, String... parts) {
    String site = ctx.header("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      throw new Web.Refused(403, "refused: the request came from another site (" + site + ")");
    }
    String origin = ctx.header("Origin");
    String host = ctx.header("Host");
    if (origin != null
        && !origin.equals("null")
        && (host == null || !origin.equals("http://" + host))) {
      throw new Web.Refused(403, "refused: the request came from another origin (" + origin + ")");
    }
    String given = ctx.formParam("token");
    if (given == null
        || !MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8),
            token(parts).getBytes(StandardCharsets.UTF_8))) {
      throw new Web.Refused(
          403,
          "refused: the form does not match the action it was made for (reload the confirmation"
              + " page and try again)");
    }
    if (key.isPresent()) {
      String header = ctx.header("Authorization");
      String typed =
          header != null && header.startsWith("Bearer ")
              ? header.substring(7).strip()
              : Optional.ofNullable(ctx.formParam("key")).orElse("").strip();
      if (!MessageDigest.isEqual(typed.getBytes(StandardCharsets.UTF_8), key.get())) {
        throw new Web.Refused(
            401,
            "refused: this action needs the UI's API key, and the key given is missing or wrong");
      }
    }
  }
}
