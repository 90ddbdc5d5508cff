package dev.boostline.registry;

import dev.boostline.model.ModelBundle;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where model versions live and which version each alias ({@code production}, {@code staging}, any
 * name) points to. Versions are numbered per name from 1 and never change once registered; aliases
 * move atomically and every move is appended to an audit log. Rollback is moving an alias back.
 *
 * <p>Implementations are thread-safe and safe across processes; the contract test every
 * implementation passes is {@code ModelRegistryContract} in the core test jar.
 */
public interface ModelRegistry {
  /**
   * Registers a bundle as the next version of {@code name}. A bundle whose model file equals an
   * existing version's (same SHA-256) returns that version instead.
   */
  ModelVersion register(String name, ModelBundle bundle, Optional<String> description);

  /** Names with at least one version, sorted. */
  List<String> names();

  /** Versions of {@code name}, oldest first (empty when unknown). */
  List<ModelVersion> versions(String name);

  /**
   * Resolves a reference (version, alias or latest).
   *
   * @throws dev.boostline.common.NotFoundException naming what exists
   */
  ModelVersion resolve(ModelRef ref);

  /** Reads the bundle of a version (checked: see {@link ModelBundle#read}). */
  ModelBundle bundle(ModelRef ref);

  /** Alias to version for {@code name}. */
  Map<String, Integer> aliases(String name);

  /**
   * Points {@code alias} at {@code version} and appends the move to the audit log.
   *
   * @throws dev.boostline.common.NotFoundException when the version does not exist; nothing changes
   */
  AliasMove setAlias(
      String name, String alias, int version, String reason, Optional<String> decisionId);

  /**
   * Points {@code alias} at {@code version} only if it points to {@code expected} now (empty: the
   * alias is unset), and appends the move to the audit log; the check and the move are one atomic
   * step, also against other processes. Two writers that read the same state cannot both move the
   * alias: the second gets a {@link dev.boostline.common.ConflictException}.
   *
   * @throws dev.boostline.common.ConflictException naming where the alias points now; nothing
   *     changes
   * @throws dev.boostline.common.NotFoundException when the version does not exist; nothing changes
   */
  AliasMove compareAndSetAlias(
      String name,
      String alias,
      Optional<Integer> expected,
      int version,
      String reason,
      Optional<String> decisionId);

  /** Removes an alias (audited). */
  AliasMove removeAlias(String name, String alias, String reason);

  /** Every alias move of {@code name}, oldest first. */
  List<AliasMove> history(String name);

  /**
   * Moves {@code alias} back to the version it pointed to before its last move.
   *
   * @throws dev.boostline.common.NotFoundException when the alias has no earlier version
   */
  default AliasMove rollback(String name, String alias, String reason) {
    List<AliasMove> moves = history(name).stream().filter(m -> m.alias().equals(alias)).toList();
    if (moves.isEmpty() || moves.get(moves.size() - 1).from().isEmpty()) {
      throw new dev.boostline.common.NotFoundException(
          "alias " + name + "@" + alias + " has no earlier version to roll back to");
    }
    return setAlias(
        name, alias, moves.get(moves.size() - 1).from().get(), reason, Optional.empty());
  }
}
