package io.github.osbsdk.broker.core.internal.schema;

import com.google.re2j.Pattern;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import com.networknt.schema.regex.RegularExpressions;
import java.util.concurrent.atomic.LongAdder;
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
  /** Engine compilations (RE2J's and {@code java.util.regex}'s), counted for tests. */
  static final LongAdder COMPILATIONS = new LongAdder();

  private SchemaRegexes() {}

  /**
   * @param regex a schema's regular expression
   * @return the expression, matching a value when it matches anywhere in it; a catalog pattern's
   *     as compiled once ({@link CatalogPatterns})
   * @throws PatternSyntaxException when neither RE2J nor {@code java.util.regex} compiles it
   */
  @Override
  public RegularExpression getRegularExpression(String regex) {
    Compiled known = CatalogPatterns.find(regex);
    return (known != null ? known : compile(regex, false)).expression(regex);
  }

  /**
   * Whether a catalog's regular expression runs on the bounded {@code java.util.regex} engine:
   * RE2J cannot compile it, {@code java.util.regex} can.
   *
   * @param regex a regular expression of a catalog schema
   * @return whether it runs on the bounded backtracking engine
   */
  public static boolean backtracking(String regex) {
    Compiled c = CatalogPatterns.compiled(regex);
    return c.re2jReason() != null && c.jdkReason() == null;
  }

  /**
   * Why no engine can run a catalog's regular expression, if none can.
   *
   * @param regex a regular expression of a catalog schema
   * @return null when RE2J or {@code java.util.regex} compiles it, else both engines' reasons
   */
  public static String unsupported(String regex) {
    Compiled c = CatalogPatterns.compiled(regex);
    return c.jdkReason() == null ? null
        : "RE2J: " + c.re2jReason() + "; java.util.regex: " + c.jdkReason();
  }

  /**
   * Compiles with RE2J, else with {@code java.util.regex}: what each engine made of it.
   *
   * @param regex the regular expression
   * @param catalog whether it is a catalog's, whose {@code java.util.regex} compile overflowing
   *     the stack is a reason like any other (a customer's value lets the overflow through, to be
   *     answered "could not be checked")
   */
  static Compiled compile(String regex, boolean catalog) {
    String translated = RegularExpressions.replaceLongformCharacterProperties(regex);
    COMPILATIONS.increment();
    try {
      Pattern pattern = Pattern.compile(translated);
      return new Compiled(value -> pattern.matcher(value).find(), null, null, -1);
    } catch (com.google.re2j.PatternSyntaxException e) {
      COMPILATIONS.increment();
      try {
        BoundedJdkPattern bounded =
            new BoundedJdkPattern(java.util.regex.Pattern.compile(translated));
        return new Compiled(bounded::find, e.getDescription(), null, -1);
      } catch (PatternSyntaxException jdk) {
        return new Compiled(null, e.getDescription(), jdk.getDescription(), jdk.getIndex());
      } catch (StackOverflowError jdk) {
        if (!catalog) {
          throw jdk;
        }
        return new Compiled(null, e.getDescription(), "nested too deeply to compile", -1);
      }
    }
  }

  /**
   * What compiling a regular expression gave: the expression, or why each engine refused it.
   *
   * @param matcher the expression, null when no engine compiles it
   * @param re2jReason why RE2J refused it, or null
   * @param jdkReason why {@code java.util.regex} refused it too, or null
   * @param jdkIndex where in it {@code java.util.regex} stopped, or -1
   */
  record Compiled(RegularExpression matcher, String re2jReason, String jdkReason, int jdkIndex) {
    /** The expression, or a new {@link PatternSyntaxException} when no engine compiles it. */
    RegularExpression expression(String regex) {
      if (matcher == null) {
        throw new PatternSyntaxException(jdkReason, regex, jdkIndex);
      }
      return matcher;
    }
  }
}
