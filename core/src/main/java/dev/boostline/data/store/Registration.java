package dev.boostline.data.store;

/**
 * The outcome of registering data.
 *
 * @param manifest the version the data is stored as
 * @param created false when identical content was already registered and that version is returned
 *     instead of a new one
 */
public record Registration(DatasetManifest manifest, boolean created) {}
