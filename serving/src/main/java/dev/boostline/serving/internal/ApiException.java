package dev.boostline.serving.internal;

/**
 * A request the server refuses: the HTTP status, a stable code, a message naming the field and the
 * problem. Each protocol renders it in its own error format.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String field;

  public ApiException(int status, String code, String message, String field) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  public static ApiException badRequest(String message, String field) {
    return new ApiException(400, "BAD_REQUEST", message, field);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The JSON path or column at fault, or null. */
  public String field() {
    return field;
  }
}
