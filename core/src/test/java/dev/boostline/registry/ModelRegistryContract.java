package dev.boostline.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.common.ConflictException;
import dev.boostline.common.NotFoundException;
import dev.boostline.model.ModelBundle;
import dev.boostline.testing.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ModelRegistry} implementation must have. An implementation's test
 * extends this class and supplies a fresh, empty registry.
 */
public abstract class ModelRegistryContract {
  /** A new, empty registry (called once per test). */
  protected abstract ModelRegistry registry();

  static ModelBundle a() {
    return TestModels.adult(5, 1);
  }

  static ModelBundle b() {
    return TestModels.adult(5, 2);
  }

  static ModelBundle c() {
    return TestModels.adult(5, 3);
  }

  @Test
  void versions_are_numbered_from_one_per_name() {
    ModelRegistry r = registry();
    ModelVersion v1 = r.register("churn", a(), Optional.of("first"));
    ModelVersion v2 = r.register("churn", b(), Optional.empty());
    ModelVersion other = r.register("fraud", a(), Optional.empty());
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v2.version()).isEqualTo(2);
    assertThat(other.version()).isEqualTo(1);
    assertThat(v1.description()).contains("first");
    assertThat(r.names()).containsExactly("churn", "fraud");
    assertThat(r.versions("churn")).extracting(ModelVersion::version).containsExactly(1, 2);
    assertThat(r.resolve(ModelRef.parse("churn"))).isEqualTo(v2);
    assertThat(r.resolve(ModelRef.parse("churn@1"))).isEqualTo(v1);
    assertThat(v1.objective()).isEqualTo("binary:logistic");
    assertThat(v1.target()).isEqualTo("income");
  }

  @Test
  void registering_the_same_model_again_returns_the_existing_version() {
    ModelRegistry r = registry();
    ModelVersion v1 = r.register("churn", a(), Optional.empty());
    assertThat(r.register("churn", a(), Optional.of("again"))).isEqualTo(v1);
    assertThat(r.versions("churn")).hasSize(1);
  }

  @Test
  void bundles_read_back_and_score_like_the_original() {
    ModelRegistry r = registry();
    r.register("churn", a(), Optional.empty());
    ModelBundle back = r.bundle(ModelRef.parse("churn@1"));
    assertThat(back.model()).isEqualTo(a().model());
    try (var s = back.open();
        var original = a().open()) {
      var record = a().manifest().golden().get(0).record();
      assertThat(s.outputs(List.of(record))).isDeepEqualTo(original.outputs(List.of(record)));
    }
  }

  @Test
  void aliases_move_and_every_move_is_audited() {
    ModelRegistry r = registry();
    r.register("churn", a(), Optional.empty());
    r.register("churn", b(), Optional.empty());
    AliasMove first = r.setAlias("churn", "production", 1, "initial", Optional.of("d-1"));
    assertThat(first.from()).isEmpty();
    assertThat(first.to()).contains(1);
    AliasMove second = r.setAlias("churn", "production", 2, "better auc", Optional.of("d-2"));
    assertThat(second.from()).contains(1);
    r.setAlias("churn", "staging", 1, "canary", Optional.empty());
    assertThat(r.aliases("churn")).containsEntry("production", 2).containsEntry("staging", 1);
    assertThat(r.resolve(ModelRef.parse("churn@production")).version()).isEqualTo(2);
    List<AliasMove> history = r.history("churn");
    assertThat(history).hasSize(3);
    assertThat(history.get(1).reason()).isEqualTo("better auc");
    assertThat(history.get(1).decisionId()).contains("d-2");
    assertThat(history.get(1).by()).isNotBlank();
    AliasMove removed = r.removeAlias("churn", "staging", "done");
    assertThat(removed.to()).isEmpty();
    assertThat(r.aliases("churn")).doesNotContainKey("staging");
  }

  @Test
  void rollback_moves_the_alias_back() {
    ModelRegistry r = registry();
    r.register("churn", a(), Optional.empty());
    r.register("churn", b(), Optional.empty());
    r.setAlias("churn", "production", 1, "v1", Optional.empty());
    r.setAlias("churn", "production", 2, "v2", Optional.empty());
    AliasMove back = r.rollback("churn", "production", "v2 misbehaves");
    assertThat(back.from()).contains(2);
    assertThat(back.to()).contains(1);
    assertThat(r.aliases("churn")).containsEntry("production", 1);
    assertThat(r.history("churn").get(2).reason()).isEqualTo("v2 misbehaves");
  }

  @Test
  void compare_and_set_moves_only_from_the_expected_version() {
    ModelRegistry r = registry();
    r.register("churn", a(), Optional.empty());
    r.register("churn", b(), Optional.empty());
    AliasMove first =
        r.compareAndSetAlias(
            "churn", "production", Optional.empty(), 1, "first", Optional.of("d-1"));
    assertThat(first.from()).isEmpty();
    assertThat(first.decisionId()).contains("d-1");
    // A writer that still believes the alias is unset loses, and nothing changes.
    assertThatThrownBy(
            () ->
                r.compareAndSetAlias(
                    "churn", "production", Optional.empty(), 2, "stale", Optional.empty()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("expected unset, found version 1");
    assertThat(r.aliases("churn")).containsEntry("production", 1);
    assertThat(r.history("churn")).hasSize(1);
    AliasMove second =
        r.compareAndSetAlias("churn", "production", Optional.of(1), 2, "better", Optional.empty());
    assertThat(second.from()).contains(1);
    assertThat(second.to()).contains(2);
    assertThat(r.aliases("churn")).containsEntry("production", 2);
  }

  @Test
  void unknown_names_versions_and_aliases_are_reported_and_change_nothing() {
    ModelRegistry r = registry();
    r.register("churn", a(), Optional.empty());
    assertThatThrownBy(() -> r.resolve(ModelRef.parse("nope")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> r.resolve(ModelRef.parse("churn@7")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no version 7");
    assertThatThrownBy(() -> r.resolve(ModelRef.parse("churn@production")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no alias \"production\"");
    assertThatThrownBy(() -> r.setAlias("churn", "production", 9, "x", Optional.empty()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> r.rollback("churn", "production", "x"))
        .isInstanceOf(NotFoundException.class);
    assertThat(r.aliases("churn")).isEmpty();
    assertThat(r.history("churn")).isEmpty();
    assertThatThrownBy(() -> r.register("bad name", a(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.setAlias("churn", "latest", 1, "x", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrent_registrations_get_distinct_versions() throws Exception {
    ModelRegistry r = registry();
    ModelBundle[] bundles = {a(), b(), c()};
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<ModelVersion>> futures = new ArrayList<>();
      for (ModelBundle bundle : bundles) {
        Callable<ModelVersion> task = () -> r.register("churn", bundle, Optional.empty());
        futures.add(pool.submit(task));
      }
      List<Integer> numbers = new ArrayList<>();
      for (Future<ModelVersion> f : futures) {
        numbers.add(f.get().version());
      }
      assertThat(numbers).containsExactlyInAnyOrder(1, 2, 3);
    } finally {
      pool.shutdownNow();
    }
  }
}
