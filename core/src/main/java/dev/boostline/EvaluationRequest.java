package dev.boostline;

import dev.boostline.data.store.DatasetRef;
import dev.boostline.eval.PromotionPolicy;
import dev.boostline.registry.ModelRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Boostline#evaluate} compares: a candidate version against a baseline on a dataset
 * version, judged by a policy. Immutable; build with {@link #builder(ModelRef, DatasetRef)}.
 *
 * @param candidate the version to judge ({@code name@version}, or an alias or latest, resolved when
 *     evaluated)
 * @param dataset the dataset version to score; it must hold the target column
 * @param against the baseline; absent means {@code NAME@production} when that alias is set, and no
 *     baseline (absolute bounds) when it is not
 * @param policy how the verdict is reached
 * @param slices categorical columns whose groups are also compared (added to the policy's own)
 * @param report where to write the self-contained HTML report, if anywhere
 */
public record EvaluationRequest(
    ModelRef candidate,
    DatasetRef dataset,
    Optional<ModelRef> against,
    PromotionPolicy policy,
    List<String> slices,
    Optional<Path> report) {
  public EvaluationRequest {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(against, "against");
    Objects.requireNonNull(policy, "policy");
    slices = List.copyOf(slices);
    Objects.requireNonNull(report, "report");
  }

  /** A request with the default policy, against {@code NAME@production}, with no report. */
  public static Builder builder(ModelRef candidate, DatasetRef dataset) {
    return new Builder(candidate, dataset);
  }

  /** Builder for {@link EvaluationRequest}; not thread-safe. */
  public static final class Builder {
    private final ModelRef candidate;
    private final DatasetRef dataset;
    private Optional<ModelRef> against = Optional.empty();
    private PromotionPolicy policy = PromotionPolicy.defaults();
    private List<String> slices = List.of();
    private Optional<Path> report = Optional.empty();

    private Builder(ModelRef candidate, DatasetRef dataset) {
      this.candidate = Objects.requireNonNull(candidate, "candidate");
      this.dataset = Objects.requireNonNull(dataset, "dataset");
    }

    /** Compares with this version or alias instead of {@code NAME@production}. */
    public Builder against(ModelRef value) {
      against = Optional.of(value);
      return this;
    }

    /** The policy that decides (default {@link PromotionPolicy#defaults()}). */
    public Builder policy(PromotionPolicy value) {
      policy = Objects.requireNonNull(value, "policy");
      return this;
    }

    /** Categorical columns whose groups are compared too. */
    public Builder slices(List<String> columns) {
      slices = List.copyOf(columns);
      return this;
    }

    /** Writes the HTML report to this file (replaced atomically). */
    public Builder report(Path file) {
      report = Optional.of(file);
      return this;
    }

    public EvaluationRequest build() {
      return new EvaluationRequest(candidate, dataset, against, policy, slices, report);
    }
  }
}
