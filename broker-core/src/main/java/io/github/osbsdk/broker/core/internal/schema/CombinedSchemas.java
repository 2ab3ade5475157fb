package io.github.osbsdk.broker.core.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.keyword.AnyOfValidator;
import com.networknt.schema.keyword.IfValidator;
import com.networknt.schema.keyword.NotValidator;
import com.networknt.schema.keyword.OneOfValidator;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.List;

/**
 * Internal: {@code anyOf}, {@code oneOf}, {@code not} and {@code if}, which check each subschema
 * (the condition, for {@code if}) against an error list of its own. The library gives each
 * subschema an unbounded list, so a subschema failing on each of 500,000 items built 500,000
 * errors (350 MB) before the keyword looked at them, out of reach of the bounded top-level list
 * ({@link CollectedErrors}). Here each
 * subschema gets a {@link CollectedErrors} of its own, and a subschema whose list fills up
 * stops there and counts as failed, as any subschema with an error does: whether a subschema
 * passes is all these keywords ask. The errors kept (at most a list's worth per subschema) are
 * reported as the library reports them.
 */
final class CombinedSchemas {
  private CombinedSchemas() {}

  /**
   * Checks the value against one subschema, on an error list of its own.
   *
   * @return the subschema's errors (complete, or cut when too many): empty when it passed
   */
  static CollectedErrors errorsOf(Schema subschema, ExecutionContext context, JsonNode node,
      JsonNode root, NodePath instanceLocation) {
    CollectedErrors errors = new CollectedErrors();
    List<Error> outer = context.getErrors();
    boolean failFast = context.isFailFast();
    context.setErrors(errors);
    context.setFailFast(false);
    try {
      subschema.validate(context, node, root, instanceLocation);
    } catch (CollectedErrors.Full full) {
      if (!full.isFrom(errors)) {
        throw full;
      }
    } finally {
      context.setErrors(outer);
      context.setFailFast(failFast);
    }
    return errors;
  }

  /**
   * {@link #errorsOf} for the {@code i}-th subschema of an {@code anyOf} or {@code oneOf}, with the
   * evaluation path naming its index while it is checked.
   */
  private static CollectedErrors errorsOfBranch(List<Schema> schemas, int i,
      ExecutionContext context, JsonNode node, JsonNode root, NodePath instanceLocation) {
    context.evaluationPathAddLast(i);
    try {
      return errorsOf(schemas.get(i), context, node, root, instanceLocation);
    } finally {
      context.evaluationPathRemoveLast();
    }
  }

  private static List<Schema> subschemas(SchemaLocation location, JsonNode value,
      Schema parent, SchemaContext context) {
    List<Schema> schemas = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      schemas.add(context.newSchema(location.append(i), value.get(i), parent));
    }
    return List.copyOf(schemas);
  }

  /** {@code anyOf}: passes when a subschema passes, else reports the subschemas' errors. */
  static final class AnyOf extends AnyOfValidator {
    private final List<Schema> schemas;

    AnyOf(SchemaLocation location, JsonNode value, Schema parent, SchemaContext context) {
      super(location, value, parent, context);
      this.schemas = subschemas(location, value, parent, context);
    }

    @Override
    public void validate(ExecutionContext context, JsonNode node, JsonNode root,
        NodePath instanceLocation) {
      List<Error> failures = new ArrayList<>();
      boolean passed = false;
      for (int i = 0; i < schemas.size(); i++) {
        CollectedErrors errors = errorsOfBranch(schemas, i, context, node, root, instanceLocation);
        if (errors.isEmpty()) {
          passed = true;
          if (canShortCircuit(context)) {
            break;
          }
        } else {
          failures.addAll(errors);
        }
      }
      if (!passed) {
        context.getErrors().addAll(failures);
      }
    }
  }

  /** {@code oneOf}: passes when exactly one subschema passes. */
  static final class OneOf extends OneOfValidator {
    private final List<Schema> schemas;

    OneOf(SchemaLocation location, JsonNode value, Schema parent, SchemaContext context) {
      super(location, value, parent, context);
      this.schemas = subschemas(location, value, parent, context);
    }

    @Override
    public void validate(ExecutionContext context, JsonNode node, JsonNode root,
        NodePath instanceLocation) {
      List<String> passing = new ArrayList<>();
      List<Error> failures = new ArrayList<>();
      for (int i = 0; i < schemas.size(); i++) {
        CollectedErrors errors = errorsOfBranch(schemas, i, context, node, root, instanceLocation);
        if (errors.isEmpty()) {
          passing.add(Integer.toString(i));
          if (passing.size() > 1 && canShortCircuit(context)) {
            break;
          }
        } else if (reportChildErrors(context)) {
          failures.addAll(errors);
        }
      }
      if (passing.size() == 1) {
        return;
      }
      List<Error> outer = context.getErrors();
      outer.add(error().instanceNode(node).instanceLocation(instanceLocation)
          .messageKey(passing.size() > 1 ? "oneOf.indexes" : "oneOf")
          .evaluationPath(context.getEvaluationPath())
          .locale(context.getExecutionConfig().getLocale())
          .arguments(Integer.toString(passing.size()),
              passing.size() > 1 ? String.join(", ", passing) : "")
          .build());
      outer.addAll(failures);
    }
  }

  /**
   * {@code not}: passes when its subschema fails; when the subschema passes, the library's
   * validator (which then builds no list of failures) reports it.
   */
  static final class Not extends NotValidator {
    private final Schema schema;

    Not(SchemaLocation location, JsonNode value, Schema parent, SchemaContext context) {
      super(location, value, parent, context);
      this.schema = context.newSchema(location, value, parent);
    }

    @Override
    public void validate(ExecutionContext context, JsonNode node, JsonNode root,
        NodePath instanceLocation) {
      if (errorsOf(schema, context, node, root, instanceLocation).isEmpty()) {
        super.validate(context, node, root, instanceLocation);
      }
    }
  }

  /**
   * {@code if}: when the condition passes, the library's validator (which then builds no list of
   * failures) applies {@code then}; when it fails, {@code else} is applied here.
   */
  static final class If extends IfValidator {
    private final Schema condition;
    private final Schema otherwise;

    If(SchemaLocation location, JsonNode value, Schema parent, SchemaContext context) {
      super(location, value, parent, context);
      this.condition = context.newSchema(location, value, parent);
      JsonNode elseNode = parent.getSchemaNode().get("else");
      this.otherwise = elseNode == null ? null
          : context.newSchema(parent.getSchemaLocation().append("else"), elseNode, parent);
    }

    @Override
    public void validate(ExecutionContext context, JsonNode node, JsonNode root,
        NodePath instanceLocation) {
      if (errorsOf(condition, context, node, root, instanceLocation).isEmpty()) {
        super.validate(context, node, root, instanceLocation);
      } else if (otherwise != null) {
        context.evaluationPathRemoveLast();
        context.evaluationPathAddLast("else");
        try {
          otherwise.validate(context, node, root, instanceLocation);
        } finally {
          context.evaluationPathRemoveLast();
          context.evaluationPathAddLast("if");
        }
      }
    }
  }
}
