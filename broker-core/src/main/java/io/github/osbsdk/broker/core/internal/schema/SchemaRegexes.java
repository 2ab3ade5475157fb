package io.github.osbsdk.broker.core.internal.schema;

import com.google.re2j.Pattern;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import com.networknt.schema.regex.RegularExpressions;
import java.util.regex.PatternSyntaxException;

/**
 * Internal: runs the regular expressions of plan schemas ({@code pattern}, the names of
 * {@code patternProperties}, the {@code regex} format) on RE2J, a linear-time engine.
 *
 * <p>Customers choose the strings these expressions run on. {@code java.util.regex}, the
 * validator's default, backtracks: {@code ^(.*a){6}$} against 201 characters runs for minutes,
 * and it recurses once per repetition of a group, so {@code ^([a-z]|-)*$} against 20,000
 * characters overflows the stack. RE2J runs in time linear in the input and without recursion,
 * and refuses the syntax that needs backtracking (backreferences such as {@code \1}, lookahead
 * and lookbehind such as {@code (?=...)}, possessive quantifiers); the catalog validator reports
 * a pattern it refuses, with {@link #unsupported}. As in JSON Schema, a pattern matches when it
 * matches anywhere in the value (anchor it with {@code ^...$} to match all of it);
 * {@code \p{Letter}}-style long names of character properties are read as their short forms.
 */
public final class SchemaRegexes implements RegularExpressionFactory {
  static final SchemaRegexes INSTANCE = new SchemaRegexes();

  private SchemaRegexes() {}

  /**
   * @param regex a schema's regular expression
   * @return the expression, matching a value when it matches anywhere in it
   * @throws PatternSyntaxException when RE2J cannot compile it (the validator's {@code regex}
   *     format reports that as a value that is not a regular expression)
   */
  @Override
  public RegularExpression getRegularExpression(String regex) {
    Pattern pattern;
    try {
      pattern = compile(regex);
    } catch (com.google.re2j.PatternSyntaxException e) {
      throw new PatternSyntaxException(e.getDescription(), regex, e.getIndex());
    }
    return value -> pattern.matcher(value).find();
  }

  /**
   * Why RE2J cannot run a pattern, if it cannot.
   *
   * @param regex a schema's regular expression
   * @return null when RE2J compiles it, else RE2J's reason
   */
  public static String unsupported(String regex) {
    try {
      compile(regex);
      return null;
    } catch (com.google.re2j.PatternSyntaxException e) {
      return e.getDescription();
    }
  }

  private static Pattern compile(String regex) {
    return Pattern.compile(RegularExpressions.replaceLongformCharacterProperties(regex));
  }
}
