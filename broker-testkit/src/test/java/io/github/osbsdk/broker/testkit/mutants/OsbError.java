package io.github.osbsdk.broker.testkit.mutants;

/** An OSB error answer of the reference broker: status plus error body fields. */
final class OsbError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String error;
  final String description;

  OsbError(int status, String error, String description) {
    super(status + " " + error + ": " + description, null, false, false);
    this.status = status;
    this.error = error;
    this.description = description;
  }

  static OsbError badRequest(String description) {
    return new OsbError(400, null, description);
  }

  static OsbError notFound(String description) {
    return new OsbError(404, null, description);
  }

  static OsbError gone(String description) {
    return new OsbError(410, null, description);
  }

  static OsbError unprocessable(String error, String description) {
    return new OsbError(422, error, description);
  }
}
