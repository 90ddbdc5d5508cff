package dev.boostline.registry;

import java.time.Instant;
import java.util.Optional;

/**
 * One entry of a model's audit log: an alias set, moved or removed. Entries are never changed once
 * appended.
 *
 * @param model the model name
 * @param alias the alias that moved, e.g. {@code production}
 * @param from the version the alias pointed to before, if any
 * @param to the version it points to after, absent when removed
 * @param at when the move was made
 * @param by the operating-system user
 * @param reason why, as given by whoever moved it (a person, a pipeline, a rollback)
 * @param decisionId the evaluation decision that justified the move, if any
 */
public record AliasMove(
    String model,
    String alias,
    Optional<Integer> from,
    Optional<Integer> to,
    Instant at,
    String by,
    String reason,
    Optional<String> decisionId) {}
