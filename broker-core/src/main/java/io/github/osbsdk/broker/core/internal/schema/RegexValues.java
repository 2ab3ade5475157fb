package io.github.osbsdk.broker.core.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.MessageSourceError;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.format.RegexFormat;
import com.networknt.schema.keyword.FormatValidator;
import com.networknt.schema.path.NodePath;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Internal: the {@code regex} format, whose values customers send. Compiling a value costs more
 * than its length: RE2J copies what a counted repetition repeats ({@code ((a{1000}){1000}){1000}},
 * 24 characters, would compile to a billion instructions; {@code ((){1000}){1000}}, 16, to two
 * million in seconds), and both engines take time quadratic in the length of a plain value (RE2J
 * about 0.3 s for 10,000 characters, java.util.regex 3 s for 100,000, on a loaded 2-core machine).
 * So the values of one check of a customer's parameters ({@link #startRequest}) are bounded before
 * they are compiled, by counting, never by timing: each value at most {@value #MAX_LENGTH}
 * characters and {@value #MAX_VALUE_EXPANDED} with its counted repetitions written out
 * ({@link #expandedLength}; {@code ^[a-z]{1,63}(\.[a-z]{1,63}){0,126}$} is about 8,400), and all
 * of them together at most {@value #REQUEST_LENGTH} and {@value #REQUEST_EXPANDED}. Each distinct
 * value counts once and is compiled once per check, however many subschemas ({@code anyOf},
 * {@code oneOf}, {@code if}, ...) or items apply the format to it: its verdict is kept for the
 * check. A value over a bound is answered 400 naming it and the bound ({@link Refused}), not "no
 * regular expression", which {@code not} would turn into a pass. The catalog's meta-schema check,
 * which applies this format to the provider's own patterns once at start, refuses a pattern
 * longer than {@link JsonSchemas#MAX_PATTERN_LENGTH} characters or {@value #MAX_EXPANDED} written
 * out (the catalog validator reports those first, with their places).
 */
final class RegexValues extends RegexFormat {
  /** The longest a catalog pattern may be with its counted repetitions written out. */
  static final long MAX_EXPANDED = 100_000L;
  /** The most characters a customer's value may have. */
  static final int MAX_LENGTH = 1_000;
  /** The longest a customer's value may be with its counted repetitions written out. */
  static final long MAX_VALUE_EXPANDED = 10_000L;
  /** The most characters the values of one check may have together. */
  static final long REQUEST_LENGTH = 10_000L;
  /** The longest the values of one check may be together, repetitions written out. */
  static final long REQUEST_EXPANDED = 100_000L;
  /** The most characters of a value's place a refusal names, so that its reason fits. */
  private static final int MAX_LOCATION = 80;

  /**
   * Makes a validation run a check of a customer's parameters, bounded as such.
   *
   * @param context the context of the run, before it starts
   */
  static void startRequest(ExecutionContext context) {
    context.getCollectorContext().put(Spent.class, new Spent());
  }

  @Override
  public void validate(ExecutionContext context, SchemaContext schemaContext, JsonNode node,
      JsonNode root, NodePath instanceLocation, boolean assertionsEnabled,
      Supplier<MessageSourceError.Builder> message, FormatValidator validator) {
    Spent spent = context.getCollectorContext().get(Spent.class);
    if (assertionsEnabled && spent != null && node.isTextual()) {
      String refusal = spent.add(node.textValue());
      if (refusal != null) {
        throw new Refused(shortened(instanceLocation.toString()) + ": " + refusal);
      }
    }
    super.validate(context, schemaContext, node, root, instanceLocation, assertionsEnabled,
        message, validator);
  }

  @Override
  public boolean matches(ExecutionContext context, SchemaContext schemaContext, String value) {
    if (value == null) {
      return true;
    }
    Spent spent = context == null ? null : context.getCollectorContext().get(Spent.class);
    Boolean known = spent == null ? null : spent.verdicts.get(value);
    if (known != null) {
      return known;
    }
    boolean compiles = value.length() <= JsonSchemas.MAX_PATTERN_LENGTH
        && expandedLength(value) <= MAX_EXPANDED && super.matches(context, schemaContext, value);
    if (spent != null && spent.verdicts.containsKey(value)) { // counted by add: keep it
      spent.verdicts.put(value, compiles);
    }
    return compiles;
  }

  /** A place in the parameters, cut so that a long property name leaves room for the reason. */
  private static String shortened(String location) {
    return location.length() <= MAX_LOCATION ? location
        : location.substring(0, MAX_LOCATION - 3) + "...";
  }

  /** Thrown for a customer's value over a bound; names the value's place and the bound. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String problem) {
      super(problem, null, false, false);
    }
  }

  /**
   * What the values of one check have cost so far, and their verdicts: each distinct value
   * counts once (at most {@value #REQUEST_LENGTH} characters of them, so the map stays small).
   */
  private static final class Spent {
    /** The values counted, each with its verdict once compiled (null until then). */
    private final Map<String, Boolean> verdicts = new HashMap<>();
    private long length;
    private long expanded;

    /**
     * @return why the value is refused, or null when it may be compiled (and is counted, unless
     *     it already was)
     */
    String add(String value) {
      if (verdicts.containsKey(value)) {
        return null;
      }
      if (value.length() > MAX_LENGTH) {
        return "is longer than " + MAX_LENGTH + " characters, more than the SDK compiles as a"
            + " regular expression";
      }
      long written = expandedLength(value);
      if (written > MAX_VALUE_EXPANDED) {
        return "is longer than " + MAX_VALUE_EXPANDED + " characters with its counted"
            + " repetitions written out, more than the SDK compiles as a regular expression";
      }
      length += value.length();
      expanded += written;
      if (length > REQUEST_LENGTH || expanded > REQUEST_EXPANDED) {
        return "takes the parameters' regular expressions together over what the SDK compiles"
            + " for one request (" + REQUEST_LENGTH + " characters, " + REQUEST_EXPANDED
            + " with their counted repetitions written out)";
      }
      verdicts.put(value, null);
      return null;
    }
  }

  /**
   * @param regex a regular expression
   * @return about how long it is with every counted repetition ({@code {n}}, {@code {n,}},
   *     {@code {n,m}}) written out (alternatives add up, a group counts its parentheses, so
   *     that an empty one is not free to repeat), cut at just over {@link #MAX_EXPANDED}; an
   *     upper bound of the size RE2J compiles it to, in units
   */
  static long expandedLength(String regex) {
    Deque<long[]> groups = new ArrayDeque<>(); // per open group: {length so far}
    long[] current = {0};
    long last = 0; // the length of the last atom or group, which a repetition copies
    for (int i = 0; i < regex.length() && current[0] <= MAX_EXPANDED; i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i++;
        last = 1;
        current[0]++;
      } else if (c == '[') {
        i = endOfClass(regex, i);
        last = 1;
        current[0]++;
      } else if (c == '(') {
        groups.push(current);
        current = new long[] {2}; // the group's parentheses
      } else if (c == ')' && !groups.isEmpty()) {
        last = current[0];
        current = groups.pop();
        current[0] += last;
      } else if (c == '{' && counted(regex, i) >= 0) {
        long times = counted(regex, i);
        current[0] += last * Math.max(0, times - 1);
        last *= Math.max(1, times);
        i = regex.indexOf('}', i);
      } else {
        last = 1;
        current[0]++;
      }
      last = Math.min(last, MAX_EXPANDED + 1);
    }
    while (!groups.isEmpty()) {
      long inner = current[0];
      current = groups.pop();
      current[0] += inner;
    }
    return Math.min(current[0], MAX_EXPANDED + 1);
  }

  /** The index of the {@code ]} closing the class opened at {@code open}, or the last index. */
  private static int endOfClass(String regex, int open) {
    int i = open + 1;
    if (i < regex.length() && regex.charAt(i) == '^') {
      i++;
    }
    if (i < regex.length() && regex.charAt(i) == ']') {
      i++; // a leading ] is a member
    }
    for (; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == ']') {
        return i;
      }
    }
    return regex.length() - 1;
  }

  /**
   * @return the largest count of the repetition {@code {n}}, {@code {n,}} or {@code {n,m}} at
   *     {@code open}, or -1 when the brace starts none (RE2 then reads it as a literal)
   */
  private static long counted(String regex, int open) {
    long count = 0;
    long most = -1;
    boolean digits = false;
    for (int j = open + 1; j < regex.length(); j++) {
      char c = regex.charAt(j);
      if (c >= '0' && c <= '9') {
        count = Math.min(count * 10 + (c - '0'), MAX_EXPANDED + 1);
        digits = true;
      } else if (c == ',' && digits && most < 0) {
        most = count;
        count = 0;
      } else if (c == '}' && (digits || most >= 0)) {
        return Math.max(most, count);
      } else {
        return -1;
      }
    }
    return -1;
  }
}
