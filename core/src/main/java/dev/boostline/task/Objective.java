package dev.boostline.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/** The XGBoost objectives Boostline trains, with their task and evaluation metrics. */
public enum Objective {
  BINARY_LOGISTIC("binary:logistic", Task.BINARY, List.of("logloss", "auc")),
  MULTI_SOFTPROB("multi:softprob", Task.MULTICLASS, List.of("mlogloss", "merror")),
  SQUARED_ERROR("reg:squarederror", Task.REGRESSION, List.of("rmse", "mae")),
  ABSOLUTE_ERROR("reg:absoluteerror", Task.REGRESSION, List.of("mae", "rmse")),
  TWEEDIE("reg:tweedie", Task.REGRESSION, List.of("tweedie-nloglik@1.5", "rmse")),
  POISSON("count:poisson", Task.REGRESSION, List.of("poisson-nloglik", "rmse"));

  private final String xgboostName;
  private final Task task;
  private final List<String> metrics;

  Objective(String xgboostName, Task task, List<String> metrics) {
    this.xgboostName = xgboostName;
    this.task = task;
    this.metrics = metrics;
  }

  /** XGBoost's name, e.g. {@code binary:logistic}. */
  @JsonValue
  public String xgboostName() {
    return xgboostName;
  }

  public Task task() {
    return task;
  }

  /**
   * Default evaluation metrics; the first decides early stopping. For Tweedie the metric's variance
   * power follows {@code tweedie_variance_power} (see {@code XgbParams.toMap()}).
   */
  public List<String> defaultMetrics() {
    return metrics;
  }

  /**
   * Parses XGBoost's name ({@code reg:squarederror}) or the enum name ({@code squared_error}), in
   * any case. {@code multi:softmax} is accepted as {@code multi:softprob}: Boostline always keeps
   * class probabilities and derives the class from them.
   *
   * @throws IllegalArgumentException listing the accepted names
   */
  @JsonCreator
  public static Objective parse(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("multi:softmax")) {
      return MULTI_SOFTPROB;
    }
    for (Objective o : values()) {
      if (o.xgboostName.equalsIgnoreCase(t) || o.name().equalsIgnoreCase(t.replace('-', '_'))) {
        return o;
      }
    }
    throw new IllegalArgumentException(
        "unknown objective \""
            + text
            + "\": expected one of binary:logistic, multi:softprob, reg:squarederror,"
            + " reg:absoluteerror, reg:tweedie, count:poisson");
  }
}
