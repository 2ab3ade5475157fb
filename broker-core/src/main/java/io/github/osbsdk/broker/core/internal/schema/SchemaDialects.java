package io.github.osbsdk.broker.core.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.dialect.BasicDialectRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.DialectRegistry;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.Keyword;
import com.networknt.schema.keyword.KeywordValidator;
import com.networknt.schema.keyword.MultipleOfValidator;
import com.networknt.schema.keyword.UniqueItemsValidator;
import com.networknt.schema.path.NodePath;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * Internal: the validator's five dialects (draft-04 to 2020-12), with two keywords checked by the
 * SDK instead of the library, because customers choose the values they check:
 * <ul>
 *   <li>{@code uniqueItems} compares canonical forms of the items ({@link CanonicalJson}) after
 *       sorting them: at most n log n comparisons. The library puts the items in a
 *       {@code HashSet<JsonNode>}, whose strings hash with {@link String#hashCode}; 2^14
 *       distinct strings sharing one hash code (easy to make) cost it 21 s of CPU.
 *   <li>{@code multipleOf} divides an integer exactly (as a {@link BigDecimal}); the library
 *       goes through {@code double}, which loses digits beyond 2^53 and turns an integer of 400
 *       digits into Infinity, a {@link NumberFormatException} (a 500).
 * </ul>
 * {@code anyOf}, {@code oneOf}, {@code not} and {@code if} check each subschema on a bounded
 * error list of its own ({@link CombinedSchemas}); {@code if} is replaced only where the dialect
 * has it (draft-07 and later). {@code contains} (draft-06 and later) checks each item on a list
 * that stops at the item's first error ({@link BoundedContains}). The {@code regex} format,
 * which compiles values customers send, is bounded by {@link RegexValues}; {@code email},
 * {@code idn-email}, {@code style} and {@code utc-millisec}, whose library patterns backtrack,
 * and {@code hostname}, {@code json-pointer}, {@code relative-json-pointer},
 * {@code uri-template} and {@code color}, whose library patterns recurse once per character,
 * are checked in one pass ({@link LinearFormats}, {@link StackSafeFormats}).
 */
final class SchemaDialects {
  /** The registry of the five dialects, for the schema registry. */
  static final DialectRegistry REGISTRY = new BasicDialectRegistry(List.of(
      withOurKeywords(Dialects.getDraft4()), withOurKeywords(Dialects.getDraft6()),
      withOurKeywords(Dialects.getDraft7()), withOurKeywords(Dialects.getDraft201909()),
      withOurKeywords(Dialects.getDraft202012())));

  private SchemaDialects() {}

  private static Dialect withOurKeywords(Dialect dialect) {
    Dialect.Builder builder = Dialect.builder(dialect);
    if (dialect.getKeywords().containsKey("contains")) { // draft-06 and later
      builder.keyword(new NamedKeyword("contains") {
        @Override
        public KeywordValidator newValidator(SchemaLocation location, JsonNode value,
            Schema parent, SchemaContext context) {
          return new BoundedContains(location, value, parent, context);
        }
      });
    }
    if (dialect.getKeywords().containsKey("if")) { // draft-07 and later
      builder.keyword(new NamedKeyword("if") {
        @Override
        public KeywordValidator newValidator(SchemaLocation location, JsonNode value,
            Schema parent, SchemaContext context) {
          return new CombinedSchemas.If(location, value, parent, context);
        }
      });
    }
    return builder
        .keyword(new NamedKeyword("uniqueItems") {
          @Override
          public KeywordValidator newValidator(SchemaLocation location, JsonNode value,
              Schema parent, SchemaContext context) {
            return new SortedUniqueItems(location, value, parent, context);
          }
        })
        .keyword(new NamedKeyword("multipleOf") {
          @Override
          public KeywordValidator newValidator(SchemaLocation location, JsonNode value,
              Schema parent, SchemaContext context) {
            return new ExactMultipleOf(location, value, parent, context);
          }
        })
        .keyword(new NamedKeyword("anyOf") {
          @Override
          public KeywordValidator newValidator(SchemaLocation location, JsonNode value,
              Schema parent, SchemaContext context) {
            return new CombinedSchemas.AnyOf(location, value, parent, context);
          }
        })
        .keyword(new NamedKeyword("oneOf") {
          @Override
          public KeywordValidator newValidator(SchemaLocation location, JsonNode value,
              Schema parent, SchemaContext context) {
            return new CombinedSchemas.OneOf(location, value, parent, context);
          }
        })
        .keyword(new NamedKeyword("not") {
          @Override
          public KeywordValidator newValidator(SchemaLocation location, JsonNode value,
              Schema parent, SchemaContext context) {
            return new CombinedSchemas.Not(location, value, parent, context);
          }
        })
        .format(new RegexValues())
        .formats(LinearFormats.all())
        .build();
  }

  /** A keyword known by its name. */
  private abstract static class NamedKeyword implements Keyword {
    private final String name;

    NamedKeyword(String name) {
      this.name = name;
    }

    @Override
    public String getValue() {
      return name;
    }
  }

  /** {@code uniqueItems}: sorts the items' canonical forms and compares neighbours. */
  private static final class SortedUniqueItems extends UniqueItemsValidator {
    private final boolean unique;

    SortedUniqueItems(SchemaLocation location, JsonNode value, Schema parent,
        SchemaContext context) {
      super(location, value, parent, context);
      this.unique = value.isBoolean() && value.booleanValue();
    }

    @Override
    public void validate(ExecutionContext context, JsonNode node, JsonNode root,
        NodePath instanceLocation) {
      if (!unique || !node.isArray() || node.size() < 2) {
        return;
      }
      String[] forms = new String[node.size()];
      for (int i = 0; i < forms.length; i++) {
        forms[i] = CanonicalJson.of(node.get(i));
      }
      Arrays.sort(forms);
      for (int i = 1; i < forms.length; i++) {
        if (forms[i].equals(forms[i - 1])) {
          context.addError(error().instanceNode(node).instanceLocation(instanceLocation)
              .evaluationPath(context.getEvaluationPath())
              .locale(context.getExecutionConfig().getLocale()).build());
          return;
        }
      }
    }
  }

  /** {@code multipleOf}: an integer is divided exactly, not as a {@code double}. */
  private static final class ExactMultipleOf extends MultipleOfValidator {
    ExactMultipleOf(SchemaLocation location, JsonNode value, Schema parent,
        SchemaContext context) {
      super(location, value, parent, context);
    }

    @Override
    protected BigDecimal getDividend(JsonNode node) {
      return node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue())
          : super.getDividend(node);
    }
  }
}
