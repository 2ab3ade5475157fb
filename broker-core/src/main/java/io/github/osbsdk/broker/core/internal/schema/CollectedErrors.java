package io.github.osbsdk.broker.core.internal.schema;

import com.networknt.schema.Error;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Internal: the list the validator adds its errors to, which stops the validation once it holds
 * one problem more than a 400 names ({@link ValidationMessages#MAX_PROBLEMS}), so that a body of
 * 500,000 failing items costs about as much as one of eleven: the library would otherwise build
 * (and describe) an error per item first. Stopping is the list's {@link StoppingErrorList.Stop}
 * thrown from {@link #add}, which unwinds the validation; the library's
 * {@code Schema.validate} catches it (answering only that last error; read {@link #problems}).
 * {@code anyOf}, {@code oneOf}, {@code not} and {@code if} check each subschema on a list of
 * this kind of its own ({@link CombinedSchemas}, through {@link StoppingErrorList#check}).
 */
final class CollectedErrors extends StoppingErrorList {
  private static final long serialVersionUID = 1L;
  /** Errors describing the same problem twice count once; so many of them stop it anyway. */
  private static final int MAX_ERRORS = 100;

  private final transient Set<String> problems = new LinkedHashSet<>();
  private boolean full;

  @Override
  public boolean add(Error error) {
    if (full) { // the library's own error list after it caught the stop; not expected
      return false;
    }
    super.add(error);
    problems.add(ValidationMessages.line(error));
    if (problems.size() > ValidationMessages.MAX_PROBLEMS || size() >= MAX_ERRORS) {
      full = true;
      throw stop(error);
    }
    return true;
  }

  /**
   * @return whether the validation was stopped before it had seen every problem
   */
  boolean stopped() {
    return full;
  }

  /**
   * @return the distinct problems, as lines of the description, in the order found
   */
  Set<String> problems() {
    return problems;
  }
}
