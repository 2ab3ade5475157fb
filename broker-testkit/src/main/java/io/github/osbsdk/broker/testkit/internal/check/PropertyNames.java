package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What an object schema's {@code propertyNames} allows its properties to be named, for samples.
 * Drafts before 06 have no such keyword: any name goes. A name is judged here by the
 * subschema's {@code const}, {@code enum}, {@code type}, lengths and {@code pattern} (a pattern
 * {@code java.util.regex} cannot compile allows no name); what else it says (a {@code format}, a
 * {@code not}) only the validator judges, when the caller checks the sample.
 *
 * @param values the maker of values, for the whole schema
 * @param schema the subschema, flattened; a boolean one as it is; null when any name goes
 * @param depth how deep the object lies
 */
record PropertyNames(SampleValues values, JsonNode schema, int depth) {
  /** Names tried after those the subschema's own values and strings give. */
  private static final int MAX_FREE = 64;
  /** Past this maxLength, no name one character longer is tried. */
  private static final int MAX_LENGTH = 10_000;
  /** Cores of made-up property names, put between a pattern's literal start and end. */
  private static final List<String> NAME_CORES = List.of("osbconformance", "abc", "a", "x",
      "0", "123", "a1");
  /** Names few subschemas allow: kinds of characters and lengths patterns tend to refuse. */
  private static final List<String> ODD = List.of("osb-conformance-not-allowed",
      "OSB Conformance: not a name!", "0", "-", "");

  /**
   * @param values the maker of values, for the whole schema
   * @param s an object schema, flattened
   * @param depth how deep it lies
   * @return the names it allows
   */
  static PropertyNames of(SampleValues values, JsonNode s, int depth) {
    JsonNode names = values.draft().knows("propertyNames") ? s.get("propertyNames") : null;
    return new PropertyNames(values,
        names != null && names.isObject() ? values.flattened(names, depth) : names, depth);
  }

  /** @return whether the subschema allows the name, as far as this class can tell */
  boolean allows(String name) {
    if (schema == null || !schema.isObject()) {
      return schema == null || schema.asBoolean(true);
    }
    JsonNode value = TextNode.valueOf(name);
    return (!schema.has("const") || schema.get("const").equals(value))
        && SampleValues.fits(value, schema);
  }

  /**
   * @param taken the names the object already holds
   * @return a name the subschema allows that is not taken: one of the subschema's own values
   *     or a string made for it, else {@code osb_conformance_<n>}, else a letter, else a
   *     letter with a digit; null when none is found
   */
  String free(Set<String> taken) {
    if (schema != null && schema.isObject()) {
      for (int attempt = 0; attempt < MAX_FREE; attempt++) {
        Object made = values.later(attempt).value(schema, depth + 1);
        if (made instanceof String name && !taken.contains(name) && allows(name)) {
          return name;
        }
      }
    }
    for (int i = 0; i < MAX_FREE; i++) {
      String name = "osb_conformance_" + i;
      if (!taken.contains(name) && allows(name)) {
        return name;
      }
    }
    for (int i = 0; i < 26 * 11; i++) { // a to z, then a0 to z9
      char letter = (char) ('a' + i % 26);
      String name = i < 26 ? String.valueOf(letter) : letter + String.valueOf(i / 26 - 1);
      if (!taken.contains(name) && allows(name)) {
        return name;
      }
    }
    return null;
  }

  /**
   * @return names to break the subschema with: those it refuses as far as this class can tell
   *     first, then those only the validator may refuse; none when any name goes
   */
  List<String> refused() {
    if (schema == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>(ODD);
    JsonNode max = schema.path("maxLength");
    if (max.canConvertToExactIntegral() && max.intValue() >= 0 && max.intValue() < MAX_LENGTH) {
      names.add("n".repeat(max.intValue() + 1));
    }
    List<String> sure = new ArrayList<>();
    List<String> maybe = new ArrayList<>();
    for (String name : names) {
      (allows(name) ? maybe : sure).add(name);
    }
    sure.addAll(maybe);
    return sure;
  }

  /**
   * @param pattern a regular expression, as a name of {@code patternProperties}
   * @param taken the names the object already holds
   * @return a name the pattern matches that is not taken and that the subschema allows: a
   *     plain core with the pattern's literal start (after {@code ^}) and end (before
   *     {@code $}) around it; null when none matches or the pattern does not compile
   */
  String matching(String pattern, Set<String> taken) {
    Pattern p;
    try {
      p = Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      return null;
    }
    String start = literal(pattern, true);
    String end = literal(pattern, false);
    for (String core : NAME_CORES) {
      for (String name : List.of(start + core + end, start + core, core + end, core)) {
        if (!taken.contains(name) && p.matcher(name).find() && allows(name)) {
          return name;
        }
      }
    }
    return null;
  }

  /** @return the plain characters at the anchored start or end of a pattern, else "" */
  private static String literal(String pattern, boolean start) {
    if (start ? !pattern.startsWith("^") : !pattern.endsWith("$") || pattern.endsWith("\\$")) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = start ? 1 : pattern.length() - 2; i >= 0 && i < pattern.length();
        i += start ? 1 : -1) {
      char c = pattern.charAt(i);
      if (!Character.isLetterOrDigit(c) && c != '_' && c != '-') {
        break;
      }
      sb.append(c);
    }
    return start ? sb.toString() : sb.reverse().toString();
  }
}
