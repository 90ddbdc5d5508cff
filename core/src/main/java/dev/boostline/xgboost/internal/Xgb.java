package dev.boostline.xgboost.internal;

import dev.boostline.common.BoostlineException;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** Translates XGBoost's checked errors, once, into this project's unchecked exception. */
final class Xgb {
  private Xgb() {}

  static BoostlineException translate(String doing, XGBoostError e) {
    String message = e.getMessage() == null ? "" : e.getMessage().strip();
    // Native messages start with a source location ("[12:00:00] /path/file.cc:123: ..."): keep
    // what a person can act on.
    int cut = message.indexOf(": ", message.indexOf(".cc:") + 1);
    if (message.contains(".cc:") && cut > 0) {
      message = message.substring(cut + 2);
    }
    int stack = message.indexOf("\nStack trace:");
    if (stack > 0) {
      message = message.substring(0, stack).strip();
    }
    return new BoostlineException("xgboost failed while " + doing + ": " + message, e);
  }

  /** The version of the bundled xgboost4j. */
  static String version() {
    Package p = XGBoostError.class.getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    return v == null ? "3.4.0" : v;
  }
}
