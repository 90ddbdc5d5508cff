package dev.boostline.azure;

import dev.boostline.common.BoostlineException;
import java.util.Optional;

/**
 * Azure ML or its storage refused a request, or an operation failed or timed out. The message names
 * the request (method and path, never a secret), Azure's error code and message, and the HTTP
 * status.
 */
public class AzureMlException extends BoostlineException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  /**
   * @param status the HTTP status, 0 when there was no response (an operation that failed or timed
   *     out, a connection error)
   * @param code Azure's error code, or null when it gave none
   */
  public AzureMlException(String message, int status, String code, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
  }

  public AzureMlException(String message) {
    this(message, 0, null, null);
  }

  /** The HTTP status of the refusal, 0 when there was no response. */
  public int status() {
    return status;
  }

  /** Azure's error code ({@code UserError}, {@code NotFound}, ...), when it gave one. */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }
}
