package io.github.osbsdk.broker.core.internal.schema;

import java.util.regex.Pattern;

/**
 * Internal: a catalog pattern RE2J cannot run (lookahead, lookbehind, backreferences, possessive
 * quantifiers, atomic groups), run on {@code java.util.regex} with a step budget.
 *
 * <p>That engine backtracks, so a pattern such as {@code ^(?=(a+)+$).*} can take exponential time
 * on a string the customer chose. The value is handed to the matcher wrapped in a
 * {@link CharSequence} that counts every character the engine reads (every {@code charAt}; each
 * step of matching reads at least one) and throws {@link Exceeded} once a match has read more
 * than {@link #budget} characters: {@value #BASE_STEPS} plus {@value #STEPS_PER_CHAR} per
 * character of the value. A linear-time match reads each character a few times, far below that;
 * catastrophic backtracking reaches it in well under a second and is answered 400. The count is
 * deterministic: the same pattern and value always stop at the same place, on any machine.
 */
final class BoundedJdkPattern {
  /** Characters any match may read, whatever the value's length. */
  static final long BASE_STEPS = 1_000_000L;
  /** Characters a match may read per character of the value, on top of {@link #BASE_STEPS}. */
  static final long STEPS_PER_CHAR = 100L;

  private final Pattern pattern;

  BoundedJdkPattern(Pattern pattern) {
    this.pattern = pattern;
  }

  /**
   * @param length the length of a value
   * @return how many characters a match against it may read
   */
  static long budget(int length) {
    return BASE_STEPS + STEPS_PER_CHAR * length;
  }

  /**
   * @param value the value a schema checks
   * @return whether the pattern matches anywhere in it
   * @throws Exceeded when the match reads more than {@link #budget} characters
   */
  boolean find(String value) {
    return pattern.matcher(new CountedChars(value, new long[] {budget(value.length())})).find();
  }

  /** Thrown when a match runs out of its budget; names the pattern (not the value). */
  static final class Exceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Exceeded(String pattern) {
      super(pattern, null, false, false);
    }

    /** @return the catalog pattern that ran out of steps */
    String pattern() {
      return getMessage();
    }
  }

  /** A value whose reads are counted against a budget shared with its sub-sequences. */
  private final class CountedChars implements CharSequence {
    private final CharSequence value;
    private final long[] left;

    CountedChars(CharSequence value, long[] left) {
      this.value = value;
      this.left = left;
    }

    @Override
    public char charAt(int index) {
      if (--left[0] < 0) {
        throw new Exceeded(pattern.pattern());
      }
      return value.charAt(index);
    }

    @Override
    public int length() {
      return value.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new CountedChars(value.subSequence(start, end), left);
    }

    @Override
    public String toString() {
      return value.toString();
    }
  }
}
