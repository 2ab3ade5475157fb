package io.github.osbsdk.broker.core.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.format.Format;
import com.networknt.schema.format.Formats;
import com.networknt.schema.path.PathType;
import com.networknt.schema.resource.SchemaLoader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Internal: compiles plan parameter schemas with networknt json-schema-validator, offline.
 *
 * <p>One shared {@link SchemaRegistry} whose loader never fetches anything over the network: it
 * has no remote resource loader, and it refuses every IRI except the JSON Schema meta-schemas,
 * which the library serves from its own jar. External {@code $ref}s therefore fail to compile
 * (and {@link #externalRefs} reports them earlier, with their paths). {@code $schema} is mapped to
 * a dialect here rather than by the library, so unknown meta-schemas are reported plainly; a
 * schema without {@code $schema} is read as draft-04, the version OSB platforms must support.
 * Regular expressions run on RE2J, or bounded on java.util.regex ({@link SchemaRegexes});
 * {@code uniqueItems} and {@code multipleOf} are the SDK's own ({@link SchemaDialects}).
 */
public final class JsonSchemas {
  /** The dialect used when a schema has no {@code $schema} (OSB: draft v4 at least). */
  public static final SpecificationVersion DEFAULT_VERSION = SpecificationVersion.DRAFT_4;

  /**
   * The most characters a regular expression of a catalog schema ({@code pattern}, a name of
   * {@code patternProperties}) may have: compiling one costs time quadratic in its length (the
   * broker's start compiles each distinct one once: {@link CatalogPatterns}).
   */
  public static final int MAX_PATTERN_LENGTH = 2_000;
  /**
   * The longest a regular expression of a catalog schema may be with its counted repetitions
   * ({@code {n,m}}) written out: about the size RE2J compiles it to.
   */
  public static final long MAX_PATTERN_EXPANDED = RegexValues.MAX_EXPANDED;

  /** Keywords whose value is data, not schema. */
  public static final Set<String> VALUE_KEYWORDS = Set.of("enum", "const", "default", "examples");
  /** Keywords whose value maps names (which may be any word, "default" too) to subschemas. */
  public static final Set<String> NAMED_SUBSCHEMAS = Set.of("properties", "patternProperties",
      "definitions", "$defs", "dependencies", "dependentSchemas");

  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(DEFAULT_VERSION,
      b -> b.dialectRegistry(SchemaDialects.REGISTRY)
          .schemaLoader(SchemaLoader.builder()
              .fetchRemoteResources(false)
              .allow(iri -> isMetaSchemaIri(iri.toString()))
              .build())
          .schemaRegistryConfig(SchemaRegistryConfig.builder()
              .pathType(PathType.JSON_PATH)
              .locale(Locale.ENGLISH)
              .regularExpressionFactory(SchemaRegexes.INSTANCE)
              .build()));

  private JsonSchemas() {}

  private static boolean isMetaSchemaIri(String iri) {
    return iri.startsWith("http://json-schema.org/") || iri.startsWith("https://json-schema.org/");
  }

  /**
   * Maps a {@code $schema} value to a supported dialect, tolerating {@code http}/{@code https} and
   * a missing or present trailing {@code #}.
   *
   * @param schemaUri the {@code $schema} value
   * @return the dialect, or empty when the value names no supported dialect
   */
  public static Optional<SpecificationVersion> versionOf(String schemaUri) {
    if (schemaUri == null) {
      return Optional.empty();
    }
    String s = schemaUri.trim();
    if (s.endsWith("#")) {
      s = s.substring(0, s.length() - 1);
    }
    s = s.replaceFirst("^https?://", "");
    switch (s) {
      case "json-schema.org/draft-04/schema": return Optional.of(SpecificationVersion.DRAFT_4);
      case "json-schema.org/draft-06/schema": return Optional.of(SpecificationVersion.DRAFT_6);
      case "json-schema.org/draft-07/schema": return Optional.of(SpecificationVersion.DRAFT_7);
      case "json-schema.org/draft/2019-09/schema":
        return Optional.of(SpecificationVersion.DRAFT_2019_09);
      case "json-schema.org/draft/2020-12/schema":
        return Optional.of(SpecificationVersion.DRAFT_2020_12);
      default: return Optional.empty();
    }
  }

  /**
   * Compiles a schema completely (every local {@code $ref} resolved), ready for concurrent use.
   * A schema that would apply itself to the same value without end ({@code {"$ref": "#"}}, two
   * definitions naming each other) does not compile: the validator would recurse until the
   * stack overflows.
   *
   * @param schema the schema as a JSON object
   * @return the compiled schema
   * @throws IllegalArgumentException with a plain-words reason when it does not compile
   */
  public static Schema compile(JsonNode schema) {
    ObjectNode normalized = normalize(schema);
    // its patterns compiled (or found compiled) once, where the library's validators find them
    collectPatterns(normalized, "$", false, (path, pattern) -> CatalogPatterns.compiled(pattern));
    Schema compiled;
    try {
      compiled = REGISTRY.getSchema(normalized);
      compiled.initializeValidators();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(reason(e), e);
    }
    List<String> loops = RefCycles.find(normalized,
        versionOf(normalized.get("$schema").asText()).orElse(DEFAULT_VERSION));
    if (!loops.isEmpty()) {
      throw new IllegalArgumentException(loops.get(0)
          + (loops.size() > 1 ? " (and " + (loops.size() - 1) + " more such loops)" : ""));
    }
    return compiled;
  }

  /**
   * Validates a schema against its dialect's meta-schema.
   *
   * @param schema the schema as a JSON object
   * @return one {@code "$.path: message"} line per violation, empty when it is a valid schema
   * @throws IllegalArgumentException when {@code $schema} names no supported dialect
   */
  public static List<String> metaSchemaViolations(JsonNode schema) {
    ObjectNode normalized = normalize(schema);
    Schema meta = REGISTRY.getSchema(SchemaLocation.of(normalized.get("$schema").asText()));
    List<String> out = new ArrayList<>();
    for (Error e : meta.validate(normalized)) {
      out.add(e.getInstanceLocation() + ": " + e.getMessage());
    }
    return out;
  }

  /**
   * Finds every {@code $ref}, {@code $dynamicRef} and {@code $recursiveRef} that does not start
   * with {@code #}, i.e. that points outside the schema document. Values of {@code enum},
   * {@code const}, {@code default} and {@code examples} are data, not schema, and are skipped;
   * a property or definition that merely bears one of those names is a subschema and is not.
   *
   * @param schema the schema
   * @return JSON paths ({@code $.properties.a.$ref}) of the external references, with the value
   */
  public static List<String> externalRefs(JsonNode schema) {
    List<String> out = new ArrayList<>();
    collectRefs(schema, "$", false, out);
    return out;
  }

  /**
   * The {@code format} values the validator knows. Under draft-04, -06 and -07 it checks values
   * against them; 2019-09 and 2020-12 make {@code format} an annotation, so nothing is checked.
   * Any other {@code format} is ignored: values are never checked against it.
   */
  public static final Set<String> KNOWN_FORMATS = Formats.DEFAULT.stream().map(Format::getName)
      .collect(Collectors.toUnmodifiableSet());

  /**
   * Finds every {@code format} keyword (in a schema, not in data such as {@code enum} or
   * {@code default}, nor a property merely named {@code format}) whose value is not one of
   * {@link #KNOWN_FORMATS}.
   *
   * @param schema the schema
   * @return JSON paths ({@code $.properties.a.format}) of the unknown formats, each with the value
   *     after {@code " = "}, as in {@code $.properties.a.format = "zip-code"}
   */
  public static List<String> unknownFormats(JsonNode schema) {
    List<String> out = new ArrayList<>();
    collectFormats(schema, "$", false, out);
    return out;
  }

  /**
   * Finds every regular expression of a schema that no engine can run ({@link SchemaRegexes}):
   * {@code pattern} values and the names of {@code patternProperties} that neither RE2J nor
   * {@code java.util.regex} compiles.
   *
   * @param schema the schema
   * @return one line per such expression: its JSON path, the pattern and the engines' reasons, as
   *     in {@code $.properties.a.pattern = "(x": RE2J: missing closing ); java.util.regex: ...}
   */
  public static List<String> unsupportedPatterns(JsonNode schema) {
    List<String> out = new ArrayList<>();
    collectPatterns(schema, "$", false, (path, pattern) -> {
      String reason = SchemaRegexes.unsupported(pattern);
      if (reason != null) {
        out.add(path + " = \"" + pattern + "\": " + reason);
      }
    });
    return out;
  }

  /**
   * Finds every regular expression of a schema ({@code pattern} values, {@code patternProperties}
   * names) too long to compile at start: longer than {@value #MAX_PATTERN_LENGTH} characters, or
   * than {@value #MAX_PATTERN_EXPANDED} with its counted repetitions written out
   * ({@code ((a{1000}){1000}){1000}} would compile to a billion instructions). Counts, compiles
   * nothing: call it before anything compiles the schema's patterns.
   *
   * @param schema the schema
   * @return one line per such expression: its JSON path and what is too long, as in
   *     {@code $.properties.a.pattern is 2500 characters long}
   */
  public static List<String> overlongPatterns(JsonNode schema) {
    List<String> out = new ArrayList<>();
    collectPatterns(schema, "$", false, (path, pattern) -> {
      // the path of a patternProperties name holds the name: cut, it would hide the reason
      String place = path.length() <= 100 ? path : path.substring(0, 97) + "...";
      if (pattern.length() > MAX_PATTERN_LENGTH) {
        out.add(place + " is " + pattern.length() + " characters long");
      } else if (RegexValues.expandedLength(pattern) > MAX_PATTERN_EXPANDED) {
        out.add(place + " is over " + MAX_PATTERN_EXPANDED
            + " characters long with its counted repetitions written out");
      }
    });
    return out;
  }

  /**
   * Finds the regular expressions of a schema that run on the bounded {@code java.util.regex}
   * engine because RE2J cannot compile them ({@link SchemaRegexes#backtracking}).
   *
   * @param schema the schema
   * @return the patterns, each once, in the order they appear
   */
  public static Set<String> backtrackingPatterns(JsonNode schema) {
    Set<String> out = new LinkedHashSet<>();
    collectPatterns(schema, "$", false, (path, pattern) -> {
      if (SchemaRegexes.backtracking(pattern)) {
        out.add(pattern);
      }
    });
    return out;
  }

  /** Hands every {@code pattern} value and {@code patternProperties} name to {@code found}. */
  private static void collectPatterns(JsonNode node, String path, boolean names,
      BiConsumer<String, String> found) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectPatterns(node.get(i), path + "[" + i + "]", false, found);
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String key = field.getKey();
        JsonNode value = field.getValue();
        String childPath = path + "." + key;
        if (!names && key.equals("pattern") && value.isTextual()) {
          found.accept(childPath, value.asText());
        } else if (!names && key.equals("patternProperties") && value.isObject()) {
          for (Map.Entry<String, JsonNode> named : value.properties()) {
            found.accept(childPath + "[\"" + named.getKey() + "\"]", named.getKey());
          }
          collectPatterns(value, childPath, true, found);
        } else if (names || !VALUE_KEYWORDS.contains(key)) {
          collectPatterns(value, childPath, !names && NAMED_SUBSCHEMAS.contains(key), found);
        }
      }
    }
  }

  private static void collectFormats(JsonNode node, String path, boolean names,
      List<String> out) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectFormats(node.get(i), path + "[" + i + "]", false, out);
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String key = field.getKey();
        JsonNode value = field.getValue();
        String childPath = path + "." + key;
        if (!names && key.equals("format")) {
          if (value.isTextual() && !KNOWN_FORMATS.contains(value.asText())) {
            out.add(childPath + " = \"" + value.asText() + "\"");
          }
        } else if (names || !VALUE_KEYWORDS.contains(key)) {
          collectFormats(value, childPath, !names && NAMED_SUBSCHEMAS.contains(key), out);
        }
      }
    }
  }

  /** @param names whether {@code node} maps names to subschemas rather than being a schema */
  private static void collectRefs(JsonNode node, String path, boolean names, List<String> out) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectRefs(node.get(i), path + "[" + i + "]", false, out);
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String key = field.getKey();
        JsonNode value = field.getValue();
        String childPath = path + "." + key;
        boolean refKeyword = !names && (key.equals("$ref") || key.equals("$dynamicRef")
            || key.equals("$recursiveRef"));
        if (refKeyword && value.isTextual() && !value.asText().startsWith("#")) {
          out.add(childPath + " = \"" + value.asText() + "\"");
        } else if (names || !VALUE_KEYWORDS.contains(key)) {
          collectRefs(value, childPath, !names && NAMED_SUBSCHEMAS.contains(key), out);
        }
      }
    }
  }

  /** Copies the schema with {@code $schema} replaced by the canonical id of its dialect. */
  private static ObjectNode normalize(JsonNode schema) {
    if (schema == null || !schema.isObject()) {
      throw new IllegalArgumentException("a schema must be a JSON object");
    }
    ObjectNode copy = ((ObjectNode) schema).deepCopy();
    JsonNode declared = copy.get("$schema");
    SpecificationVersion version;
    if (declared == null) {
      version = DEFAULT_VERSION;
    } else if (!declared.isTextual()) {
      throw new IllegalArgumentException("$schema must be a string");
    } else {
      version = versionOf(declared.asText()).orElseThrow(() -> new IllegalArgumentException(
          "$schema \"" + declared.asText() + "\" is not a supported JSON Schema version"
              + " (draft-04, draft-06, draft-07, 2019-09 or 2020-12)"));
    }
    copy.put("$schema", version.getDialectId());
    return copy;
  }

  private static String reason(RuntimeException e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t && t.getMessage() == null) {
      t = t.getCause();
    }
    String m = t.getMessage();
    if (m == null) {
      return e.getClass().getSimpleName();
    }
    m = m.replaceAll("\\s+", " ").trim();
    return m.length() > 300 ? m.substring(0, 300) + "..." : m;
  }
}
