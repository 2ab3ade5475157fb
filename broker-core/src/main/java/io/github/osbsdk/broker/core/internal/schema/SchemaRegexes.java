package io.github.osbsdk.broker.core.internal.schema;

import com.google.re2j.Pattern;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import com.networknt.schema.regex.RegularExpressions;
import java.util.regex.PatternSyntaxException;

/**
 * Internal: runs the regular expressions of plan schemas ({@code pattern}, the names of
 * {@code patternProperties}, the {@code regex} format) on RE2J, a linear-time engine, and the
 * catalog patterns RE2J cannot compile on {@code java.util.regex} with a step budget.
 *
 * <p>Customers choose the strings these expressions run on. {@code java.util.regex}, the
 * validator's default, backtracks: {@code ^(.*a){6}$} against 201 characters runs for minutes,
 * and it recurses once per repetition of a group, so {@code ^([a-z]|-)*$} against 20,000
 * characters overflows the stack. RE2J runs in time linear in the input and without recursion,
 * but refuses the syntax that needs backtracking (backreferences such as {@code \1}, lookahead
 * and lookbehind such as {@code (?=...)}, possessive quantifiers, atomic groups), which JSON
 * Schema (ECMA-262) patterns may use: password rules like {@code ^(?=.*[A-Z])(?=.*[0-9]).{8,}$}
 * are common. Such a pattern runs on {@code java.util.regex}, bounded by
 * {@link BoundedJdkPattern}: a match that would read more characters than its budget throws
 * {@link BoundedJdkPattern.Exceeded} (the validator answers 400). The catalog validator refuses a
 * pattern neither engine compiles ({@link #unsupported}). As in JSON Schema, a pattern matches
 * when it matches anywhere in the value (anchor it with {@code ^...$} to match all of it);
 * {@code \p{Letter}}-style long names of character properties are read as their short forms.
 */
public final class SchemaRegexes implements RegularExpressionFactory {
  static final SchemaRegexes INSTANCE = new SchemaRegexes();

  private SchemaRegexes() {}

  /**
   * @param regex a schema's regular expression
   * @return the expression, matching a value when it matches anywhere in it
   * @throws PatternSyntaxException when neither RE2J nor {@code java.util.regex} compiles it
   */
  @Override
  public RegularExpression getRegularExpression(String regex) {
    String translated = RegularExpressions.replaceLongformCharacterProperties(regex);
    try {
      Pattern pattern = Pattern.compile(translated);
      return value -> pattern.matcher(value).find();
    } catch (com.google.re2j.PatternSyntaxException e) {
      BoundedJdkPattern bounded =
          new BoundedJdkPattern(java.util.regex.Pattern.compile(translated));
      return bounded::find;
    }
  }

  /**
   * Whether a regular expression runs on the bounded {@code java.util.regex} engine: RE2J cannot
   * compile it, {@code java.util.regex} can.
   *
   * @param regex a schema's regular expression
   * @return whether it runs on the bounded backtracking engine
   */
  public static boolean backtracking(String regex) {
    return re2jReason(regex) != null && unsupported(regex) == null;
  }

  /**
   * Why no engine can run a regular expression, if none can.
   *
   * @param regex a schema's regular expression
   * @return null when RE2J or {@code java.util.regex} compiles it, else both engines' reasons
   */
  public static String unsupported(String regex) {
    String re2j = re2jReason(regex);
    if (re2j == null) {
      return null;
    }
    try {
      java.util.regex.Pattern.compile(RegularExpressions.replaceLongformCharacterProperties(regex));
      return null;
    } catch (PatternSyntaxException e) {
      return "RE2J: " + re2j + "; java.util.regex: " + e.getDescription();
    } catch (StackOverflowError e) {
      return "RE2J: " + re2j + "; java.util.regex: nested too deeply to compile";
    }
  }

  private static String re2jReason(String regex) {
    try {
      Pattern.compile(RegularExpressions.replaceLongformCharacterProperties(regex));
      return null;
    } catch (com.google.re2j.PatternSyntaxException e) {
      return e.getDescription();
    }
  }
}
