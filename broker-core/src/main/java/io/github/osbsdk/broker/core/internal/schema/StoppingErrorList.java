package io.github.osbsdk.broker.core.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.FailFastAssertionException;
import com.networknt.schema.Schema;
import com.networknt.schema.annotation.Annotation;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Internal: an error list that stops the validation adding to it once it knows enough, by
 * throwing its {@link Stop} from {@code add}: a {@link FailFastAssertionException}, the library's
 * own way to stop at an error, which its validators let through without logging it.
 * {@link CollectedErrors} stops at the problem after the last a 400 names; the list of
 * {@link BoundedContains} at an item's first error.
 *
 * <p>{@link #check} validates a subschema on a list of this kind of its own, for
 * {@code anyOf}, {@code oneOf}, {@code not}, {@code if} and {@code contains}, and catches that
 * list's stop, not another's.
 */
abstract class StoppingErrorList extends ArrayList<Error> {
  private static final long serialVersionUID = 1L;
  private transient Stop stop;

  /**
   * @param error the error that stops the validation
   * @return this list's stop, to throw (one per list, made at its first use)
   */
  final Stop stop(Error error) {
    if (stop == null) {
      stop = new Stop(error, this);
    }
    return stop;
  }

  @Override
  public final boolean addAll(Collection<? extends Error> errors) {
    for (Error error : errors) {
      add(error);
    }
    return !errors.isEmpty();
  }

  /**
   * Validates {@code node} against {@code schema} with this list as the context's error list and
   * fail-fast off (whether the subschema passes is the question, not the first error), then puts
   * the context's own list and flag back.
   *
   * <p>When this list stops the validation, the library's {@code Schema.validate} of the
   * subschema never reaches its step that, for a subschema with errors, marks the annotations it
   * left on the value (evaluated properties and items) invalid: that step is taken here, so
   * {@code unevaluatedProperties} and {@code unevaluatedItems} do not count what a failed
   * subschema evaluated. Annotations it left on values inside this one stay as they are: only
   * the subschema's own keywords read those, and it stopped.
   *
   * @return whether this list stopped the validation
   */
  final boolean check(Schema schema, ExecutionContext context, JsonNode node, JsonNode root,
      NodePath instanceLocation) {
    List<Error> outer = context.getErrors();
    boolean failFast = context.isFailFast();
    context.setErrors(this);
    context.setFailFast(false);
    try {
      schema.validate(context, node, root, instanceLocation);
      return false;
    } catch (Stop stopped) {
      if (stopped.list != this) {
        throw stopped;
      }
      annotationsInvalid(context, instanceLocation);
      return true;
    } finally {
      context.setErrors(outer);
      context.setFailFast(failFast);
    }
  }

  private static void annotationsInvalid(ExecutionContext context, NodePath instanceLocation) {
    List<Annotation> annotations = context.getAnnotations().asMap().get(instanceLocation);
    if (annotations == null) {
      return;
    }
    NodePath subschema = context.getEvaluationPath();
    for (Annotation annotation : annotations) {
      if (annotation.getEvaluationPath().startsWith(subschema)) {
        annotation.setValid(false);
      }
    }
  }

  /**
   * Thrown when a list stops the validation; without a stack trace, as {@code contains} throws
   * one per failing item, and it is a stop, not a failure.
   */
  static final class Stop extends FailFastAssertionException {
    private static final long serialVersionUID = 1L;
    private final transient StoppingErrorList list;

    private Stop(Error error, StoppingErrorList list) {
      super(error);
      this.list = list;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
