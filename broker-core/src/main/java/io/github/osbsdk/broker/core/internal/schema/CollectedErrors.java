package io.github.osbsdk.broker.core.internal.schema;

import com.networknt.schema.Error;
import com.networknt.schema.FailFastAssertionException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Internal: the list the validator adds its errors to, which stops the validation once it holds
 * one problem more than a 400 names ({@link ValidationMessages#MAX_PROBLEMS}), so that a body of
 * 500,000 failing items costs about as much as one of eleven: the library would otherwise build
 * (and describe) an error per item first. Stopping is a {@link Full} thrown from {@link #add},
 * which unwinds the validation: a {@link FailFastAssertionException}, the library's own way to
 * stop at an error, which its validators let through without logging it and its
 * {@code Schema.validate} catches (answering only that last error; read {@link #problems}).
 * {@code anyOf}, {@code oneOf} and {@code not} check each subschema on a list of this kind of its
 * own ({@link CombinedSchemas}), and catch the {@link Full} of that list, not of others.
 */
final class CollectedErrors extends ArrayList<Error> {
  private static final long serialVersionUID = 1L;
  /** Errors describing the same problem twice count once; so many of them stop it anyway. */
  private static final int MAX_ERRORS = 100;

  private final transient Set<String> problems = new LinkedHashSet<>();
  private boolean full;

  @Override
  public boolean add(Error error) {
    if (full) { // the library's own error list after it caught Full; not expected
      return false;
    }
    super.add(error);
    problems.add(ValidationMessages.line(error));
    if (problems.size() > ValidationMessages.MAX_PROBLEMS || size() >= MAX_ERRORS) {
      full = true;
      throw new Full(error, this);
    }
    return true;
  }

  /**
   * @return whether the validation was stopped before it had seen every problem
   */
  boolean stopped() {
    return full;
  }

  @Override
  public boolean addAll(Collection<? extends Error> errors) {
    for (Error error : errors) {
      add(error);
    }
    return !errors.isEmpty();
  }

  /**
   * @return the distinct problems, as lines of the description, in the order found
   */
  Set<String> problems() {
    return problems;
  }

  /** Thrown when the list holds enough to answer. */
  static final class Full extends FailFastAssertionException {
    private static final long serialVersionUID = 1L;
    private final transient CollectedErrors list;

    Full(Error last, CollectedErrors list) {
      super(last);
      this.list = list;
    }

    /**
     * @return whether the list that filled up is {@code errors}
     */
    boolean isFrom(CollectedErrors errors) {
      return list == errors;
    }
  }
}
