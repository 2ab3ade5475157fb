package io.github.osbsdk.broker.core.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.keyword.BaseKeywordValidator;
import com.networknt.schema.keyword.KeywordType;
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
 * passes is all these keywords ask. As the library does for a failed subschema, what a stopped
 * one evaluated no longer counts for {@code unevaluatedProperties} and {@code unevaluatedItems}
 * (its annotations are marked invalid). The errors kept (at most a list's worth per subschema)
 * are reported as the library reports them.
 *
 * <p>Each keyword compiles its subschemas once, here: the library's validators are not built,
 * as each compiles (and loads) its own copy of every subschema when constructed. Keeping them
 * beside these doubled the subtree at every nested keyword: a schema with anyOf, oneOf and not
 * nested five deep compiled to 75 MB instead of 0.1 MB.
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
    errors.check(subschema, context, node, root, instanceLocation);
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
      Schema parent, SchemaContext context, KeywordType keyword) {
    if (!value.isArray()) {
      throw new IllegalArgumentException(keyword.getValue() + " must be an array of schemas");
    }
    List<Schema> schemas = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      schemas.add(context.newSchema(location.append(i), value.get(i), parent));
    }
    return List.copyOf(schemas);
  }

  /** A keyword of subschemas: compiles them once and loads them with the schema. */
  private abstract static class Combining extends BaseKeywordValidator {
    private final List<Schema> loaded;

    Combining(KeywordType keyword, SchemaLocation location, JsonNode value, Schema parent,
        SchemaContext context) {
      super(keyword, value, location, parent, context);
      this.loaded = new ArrayList<>();
    }

    /** Registers a compiled subschema (or none) to be loaded with the schema. */
    final Schema loaded(Schema schema) {
      if (schema != null) {
        loaded.add(schema);
      }
      return schema;
    }

    @Override
    public void preloadSchema() {
      preloadSchemas(loaded);
    }

    /**
     * As the library's anyOf and oneOf: whether passing subschemas may stop the check, which
     * they may not when unevaluatedItems or unevaluatedProperties read their annotations.
     */
    final boolean canShortCircuit(ExecutionContext context) {
      return !hasUnevaluatedItemsInEvaluationPath(context)
          && !hasUnevaluatedPropertiesInEvaluationPath(context)
          && !context.getExecutionConfig().isAnnotationCollectionEnabled();
    }
  }

  /** {@code anyOf}: passes when a subschema passes, else reports the subschemas' errors. */
  static final class AnyOf extends Combining {
    private final List<Schema> schemas;

    AnyOf(SchemaLocation location, JsonNode value, Schema parent, SchemaContext context) {
      super(KeywordType.ANY_OF, location, value, parent, context);
      this.schemas = subschemas(location, value, parent, context, KeywordType.ANY_OF);
      schemas.forEach(this::loaded);
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
  static final class OneOf extends Combining {
    private final List<Schema> schemas;

    OneOf(SchemaLocation location, JsonNode value, Schema parent, SchemaContext context) {
      super(KeywordType.ONE_OF, location, value, parent, context);
      this.schemas = subschemas(location, value, parent, context, KeywordType.ONE_OF);
      schemas.forEach(this::loaded);
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
        } else if (!context.getExecutionConfig().isFailFast()) { // as the library's
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

  /** {@code not}: passes when its subschema fails, else reports it as the library does. */
  static final class Not extends Combining {
    private final Schema schema;

    Not(SchemaLocation location, JsonNode value, Schema parent, SchemaContext context) {
      super(KeywordType.NOT, location, value, parent, context);
      this.schema = loaded(context.newSchema(location, value, parent));
    }

    @Override
    public void validate(ExecutionContext context, JsonNode node, JsonNode root,
        NodePath instanceLocation) {
      if (errorsOf(schema, context, node, root, instanceLocation).isEmpty()) {
        context.addError(error().instanceNode(node).instanceLocation(instanceLocation)
            .evaluationPath(context.getEvaluationPath())
            .locale(context.getExecutionConfig().getLocale())
            .arguments(schemaNode.toString()).build());
      }
    }
  }

  /** {@code if}: applies {@code then} when the condition passes, {@code else} when it fails. */
  static final class If extends Combining {
    private final Schema condition;
    private final Schema then;
    private final Schema otherwise;

    If(SchemaLocation location, JsonNode value, Schema parent, SchemaContext context) {
      super(KeywordType.IF_THEN_ELSE, location, value, parent, context);
      this.condition = loaded(context.newSchema(location, value, parent));
      this.then = loaded(sibling(parent, context, "then"));
      this.otherwise = loaded(sibling(parent, context, "else"));
    }

    private static Schema sibling(Schema parent, SchemaContext context, String keyword) {
      JsonNode node = parent.getSchemaNode().get(keyword);
      return node == null ? null
          : context.newSchema(parent.getSchemaLocation().append(keyword), node, parent);
    }

    @Override
    public void validate(ExecutionContext context, JsonNode node, JsonNode root,
        NodePath instanceLocation) {
      Schema branch = errorsOf(condition, context, node, root, instanceLocation).isEmpty()
          ? then : otherwise;
      if (branch == null) {
        return;
      }
      context.evaluationPathRemoveLast();
      context.evaluationPathAddLast(branch == then ? "then" : "else");
      try {
        branch.validate(context, node, root, instanceLocation);
      } finally {
        context.evaluationPathRemoveLast();
        context.evaluationPathAddLast("if");
      }
    }
  }
}
