package io.github.osbsdk.broker.core.internal.schema;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Internal: the regular expressions of catalog schemas ({@code pattern} values,
 * {@code patternProperties} names), each compiled once. A broker's start needs each several
 * times: the catalog validator asks whether an engine runs it, checks the schema against its
 * meta-schema (whose {@code regex} format compiles it) and compiles the schema, and the parameter
 * validator asks which engine runs it and compiles the schema again. All of them read what
 * {@link #compiled} compiled first; a catalog reloaded with the same patterns compiles none.
 *
 * <p>Only catalog patterns are kept, and only within the bounds the catalog validator sets
 * ({@link JsonSchemas#MAX_PATTERN_LENGTH} characters, {@link JsonSchemas#MAX_PATTERN_EXPANDED}
 * written out): the {@code regex} values customers send are compiled by each check
 * ({@link SchemaRegexes#getRegularExpression} only looks them up here). The store holds at most
 * {@value #MAX_ENTRIES} patterns and {@value #MAX_EXPANDED} characters written out together; a
 * pattern beyond empties it first (the compiled schemas keep what they use), so a catalog that
 * changes its patterns on every reload cannot grow it.
 */
final class CatalogPatterns {
  /** The most patterns kept. */
  static final int MAX_ENTRIES = 1_000;
  /** The most characters the kept patterns may have together, repetitions written out. */
  static final long MAX_EXPANDED = 2_000_000L;

  private static final ConcurrentHashMap<String, SchemaRegexes.Compiled> KEPT =
      new ConcurrentHashMap<>();
  private static long expanded;

  private CatalogPatterns() {}

  /**
   * @param regex a regular expression
   * @return what compiling it gave, when it is a catalog pattern kept here, else null
   */
  static SchemaRegexes.Compiled find(String regex) {
    return KEPT.get(regex);
  }

  /**
   * A catalog pattern as compiled, compiled now (and kept, within the bounds) the first time.
   *
   * @param regex a regular expression of a catalog schema
   * @return what compiling it gave
   */
  static SchemaRegexes.Compiled compiled(String regex) {
    SchemaRegexes.Compiled known = KEPT.get(regex);
    if (known != null) {
      return known;
    }
    long size = regex.length() > JsonSchemas.MAX_PATTERN_LENGTH ? -1
        : RegexValues.expandedLength(regex);
    if (size < 0 || size > JsonSchemas.MAX_PATTERN_EXPANDED) {
      return SchemaRegexes.compile(regex, true); // the catalog validator refuses it: not kept
    }
    synchronized (KEPT) {
      known = KEPT.get(regex);
      if (known != null) {
        return known; // compiled by another catalog check meanwhile
      }
      if (KEPT.size() >= MAX_ENTRIES || expanded + size > MAX_EXPANDED) {
        KEPT.clear();
        expanded = 0;
      }
      SchemaRegexes.Compiled compiled = SchemaRegexes.compile(regex, true);
      KEPT.put(regex, compiled);
      expanded += size;
      return compiled;
    }
  }
}
