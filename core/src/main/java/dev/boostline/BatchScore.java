package dev.boostline;

import dev.boostline.registry.ModelVersion;
import java.nio.file.Path;

/**
 * The outcome of {@link Boostline#score}.
 *
 * @param model the version that scored
 * @param rows rows written
 * @param output the predictions file (absolute)
 */
public record BatchScore(ModelVersion model, long rows, Path output) {}
