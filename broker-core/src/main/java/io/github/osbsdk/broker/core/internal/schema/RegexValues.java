package io.github.osbsdk.broker.core.internal.schema;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.format.RegexFormat;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Internal: the {@code regex} format, whose values customers send. RE2J matches in linear time
 * but compiles a counted repetition by copying what it repeats: {@code ((a{1000}){1000}){1000}},
 * 24 characters, would compile to a billion instructions. A value that, its counted repetitions
 * written out, is longer than {@value #MAX_EXPANDED} characters is therefore not compiled and is
 * not a regular expression the SDK accepts (a 400 naming the format); {@code \d{3}-\d{4}} and
 * the like are far below it. The catalog's own patterns meet the same bound where its
 * meta-schema check applies the {@code regex} format to them.
 */
final class RegexValues extends RegexFormat {
  /** The longest a value may be with its counted repetitions written out. */
  static final long MAX_EXPANDED = 100_000L;

  @Override
  public boolean matches(ExecutionContext context, SchemaContext schemaContext, String value) {
    return value == null || (expandedLength(value) <= MAX_EXPANDED
        && super.matches(context, schemaContext, value));
  }

  /**
   * @param regex a regular expression
   * @return about how long it is with every counted repetition ({@code {n}}, {@code {n,}},
   *     {@code {n,m}}) written out (alternatives add up), cut at just over
   *     {@link #MAX_EXPANDED}; an upper bound of the size RE2J compiles it to, in units
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
        current = new long[] {0};
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
