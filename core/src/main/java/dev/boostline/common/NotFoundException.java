package dev.boostline.common;

/** A named thing (dataset, version, run, model, alias) does not exist. */
public class NotFoundException extends BoostlineException {
  private static final long serialVersionUID = 1L;

  /** An exception whose message names what was looked for and where. */
  public NotFoundException(String message) {
    super(message);
  }
}
