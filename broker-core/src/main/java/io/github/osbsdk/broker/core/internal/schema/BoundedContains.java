package io.github.osbsdk.broker.core.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.annotation.Annotation;
import com.networknt.schema.keyword.BaseKeywordValidator;
import com.networknt.schema.keyword.KeywordType;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.List;

/**
 * Internal: {@code contains}, with {@code minContains} and {@code maxContains} (2019-09 and
 * later), checking each item on an error list that stops at the item's first problem. Whether an
 * item passes is all the keyword asks, yet the library gave each item an unbounded list: an
 * item failing once per element of a 500,000-element array held 500,000 errors (170 MB) before
 * the keyword saw that the list was not empty. Here the item's check ends at its first error.
 * An array of many items that each fail once still builds one error per item, each dropped at
 * once: linear in the body, like the library's.
 *
 * <p>What it reports, and the annotations it leaves for {@code unevaluatedItems} (the indexes of
 * the matching items, or {@code true} when all match), are the library's. An item's check that
 * stops early marks the annotations it left on the item invalid, as the library does for an
 * item with errors ({@link StoppingErrorList#check}). The subschema is compiled once, here
 * (the library's validator is not built), and loaded with the rest of the schema at compile
 * time.
 */
final class BoundedContains extends BaseKeywordValidator {
  private final Schema schema;
  private final boolean countsSeparately;
  private final Integer min;
  private final Integer max;

  BoundedContains(SchemaLocation location, JsonNode value, Schema parent, SchemaContext context) {
    super(KeywordType.CONTAINS, value, location, parent, context);
    SpecificationVersion version = context.getDialect().getSpecificationVersion();
    this.countsSeparately = version == SpecificationVersion.DRAFT_2019_09
        || version == SpecificationVersion.DRAFT_2020_12;
    if (value.isObject() || value.isBoolean()) {
      this.schema = context.newSchema(location, value, parent);
      this.max = bound(parent.getSchemaNode().get(KeywordType.MAX_CONTAINS.getValue()));
      this.min = bound(parent.getSchemaNode().get(KeywordType.MIN_CONTAINS.getValue()));
    } else {
      this.schema = null;
      this.max = null;
      this.min = null;
    }
  }

  private static Integer bound(JsonNode value) {
    return value != null && value.canConvertToExactIntegral() ? value.intValue() : null;
  }

  @Override
  public void preloadSchema() {
    if (schema != null) {
      schema.initializeValidators();
    }
  }

  @Override
  public void validate(ExecutionContext context, JsonNode node, JsonNode root,
      NodePath instanceLocation) {
    int matching = 0;
    int seen = 0;
    List<Integer> indexes = new ArrayList<>();
    if (schema != null && node.isArray()) {
      FirstError errors = new FirstError();
      for (JsonNode item : node) {
        if (passes(errors, context, item, root, instanceLocation.append(seen))) {
          matching++;
          indexes.add(seen);
        }
        seen++;
      }
      int least = min == null ? 1 : min;
      if (matching < least) {
        report(context, node, instanceLocation,
            countsSeparately ? KeywordType.MIN_CONTAINS : KeywordType.CONTAINS, least);
      }
      if (max != null && matching > max) {
        report(context, node, instanceLocation,
            countsSeparately ? KeywordType.MAX_CONTAINS : KeywordType.CONTAINS, max);
      }
    }
    if (schema != null) {
      annotate(context, instanceLocation, matching == seen, indexes);
    }
  }

  /** Checks one item on {@code errors} (emptied first), stopping at its first error. */
  private boolean passes(FirstError errors, ExecutionContext context, JsonNode item,
      JsonNode root, NodePath location) {
    errors.failed = false;
    errors.check(schema, context, item, root, location);
    return !errors.failed;
  }

  private void report(ExecutionContext context, JsonNode node, NodePath instanceLocation,
      KeywordType which, int bound) {
    String messageKey = which == KeywordType.MIN_CONTAINS ? "contains.min"
        : which == KeywordType.MAX_CONTAINS ? "contains.max" : "contains";
    context.addError(error().instanceNode(node).instanceLocation(instanceLocation)
        .evaluationPath(context.getEvaluationPath()).messageKey(messageKey)
        .locale(context.getExecutionConfig().getLocale())
        .arguments(String.valueOf(bound), schema.getSchemaNode().toString())
        .keyword(which.getValue()).build());
  }

  /** The annotations the library's contains leaves, for unevaluatedItems and for output. */
  private void annotate(ExecutionContext context, NodePath instanceLocation, boolean all,
      List<Integer> indexes) {
    boolean needed = hasUnevaluatedItemsInEvaluationPath(context);
    if (needed || collectAnnotations(context, "contains")) {
      context.getAnnotations().put(Annotation.builder().instanceLocation(instanceLocation)
          .evaluationPath(context.getEvaluationPath()).schemaLocation(schemaLocation)
          .keyword("contains").value(all ? Boolean.TRUE : indexes).build());
    }
    annotateBound(context, instanceLocation, needed, "minContains", min);
    annotateBound(context, instanceLocation, needed, "maxContains", max);
  }

  private void annotateBound(ExecutionContext context, NodePath instanceLocation,
      boolean needed, String keyword, Integer bound) {
    if (bound == null || !(needed || collectAnnotations(context, keyword))) {
      return;
    }
    context.evaluationPathAddLast(keyword);
    try {
      context.getAnnotations().put(Annotation.builder().instanceLocation(instanceLocation)
          .evaluationPath(context.getEvaluationPath())
          .schemaLocation(schemaLocation.append(keyword)).keyword(keyword).value(bound)
          .build());
    } finally {
      context.evaluationPathRemoveLast();
    }
  }

  /**
   * An item's error list, which holds nothing: its first error ends the item's check. One list
   * serves every item of an array, and throws the same stop each time (no stack trace, no
   * state but the list): a failing item costs its first error and nothing more.
   */
  private static final class FirstError extends StoppingErrorList {
    private static final long serialVersionUID = 1L;
    private boolean failed;

    @Override
    public boolean add(Error error) {
      failed = true;
      throw stop(error);
    }

    @Override
    public void add(int index, Error error) {
      add(error);
    }
  }
}
