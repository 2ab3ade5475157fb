package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers a JSON schema allows, for {@link SchemaSamples}: within {@code minimum} and
 * {@code maximum}, beyond their exclusive forms (draft-04's {@code exclusiveMinimum: true} next
 * to {@code minimum}, later drafts' numeric {@code exclusiveMinimum}; the same for the maximum),
 * a multiple of {@code multipleOf}, and whole for {@code type: integer}. Computed in decimals, as
 * validators divide for {@code multipleOf}, so {@code 0.3} is a multiple of {@code 0.1}.
 */
final class NumberSamples {
  /** Multiples of {@code multipleOf} tried before giving up on a whole one. */
  private static final int MAX_STEPS = 1_000;

  private final BigDecimal low;
  private final boolean lowExclusive;
  private final BigDecimal high;
  private final boolean highExclusive;
  /** {@code multipleOf}, 1 for an integer without it; null for a number without it. */
  private final BigDecimal step;
  private final boolean integer;

  private NumberSamples(JsonNode schema, boolean integer) {
    BigDecimal min = decimal(schema.get("minimum"));
    BigDecimal max = decimal(schema.get("maximum"));
    BigDecimal exclusiveMin = decimal(schema.get("exclusiveMinimum"));
    BigDecimal exclusiveMax = decimal(schema.get("exclusiveMaximum"));
    boolean minExcluded = min != null && draft4Exclusive(schema.get("exclusiveMinimum"));
    boolean maxExcluded = max != null && draft4Exclusive(schema.get("exclusiveMaximum"));
    // both forms given: the stricter bound holds
    boolean exclusiveMinWins = exclusiveMin != null
        && (min == null || exclusiveMin.compareTo(min) >= 0);
    this.low = exclusiveMinWins ? exclusiveMin : min;
    this.lowExclusive = exclusiveMinWins || minExcluded;
    boolean exclusiveMaxWins = exclusiveMax != null
        && (max == null || exclusiveMax.compareTo(max) <= 0);
    this.high = exclusiveMaxWins ? exclusiveMax : max;
    this.highExclusive = exclusiveMaxWins || maxExcluded;
    BigDecimal multipleOf = decimal(schema.get("multipleOf"));
    boolean usable = multipleOf != null && multipleOf.signum() > 0;
    this.step = usable ? multipleOf : integer ? BigDecimal.ONE : null;
    this.integer = integer;
  }

  /**
   * A number the schema allows: its lower bound (or the first allowed above it), else 1 when
   * allowed, else the highest allowed below its upper bound.
   *
   * @param schema the property's schema
   * @param integer whether the type is {@code integer}
   * @return an Integer, a Long or a Double the schema allows; null when none was found
   */
  static Number valid(JsonNode schema, boolean integer) {
    NumberSamples n = new NumberSamples(schema, integer);
    BigDecimal v = n.low != null ? n.firstFrom(n.low, n.lowExclusive)
        : n.firstFrom(BigDecimal.ONE, false);
    if (v == null && n.low == null && n.high != null) {
      v = n.lastFrom(n.high, n.highExclusive);
    }
    return v == null ? null : number(v);
  }

  /**
   * A number the schema allows other than {@code current}: {@link #valid}'s, or when that is
   * {@code current}, the next allowed above it, else the last allowed below it.
   *
   * @param schema the property's schema
   * @param integer whether the type is {@code integer}
   * @param current the value sent before, any object
   * @return another allowed number, or null when none was found
   */
  static Number other(JsonNode schema, boolean integer, Object current) {
    Number base = valid(schema, integer);
    if (base == null) {
      return null;
    }
    BigDecimal b = new BigDecimal(base.toString());
    if (!(current instanceof Number c) || !isNumber(c)
        || new BigDecimal(c.toString()).compareTo(b) != 0) {
      return base;
    }
    NumberSamples n = new NumberSamples(schema, integer);
    BigDecimal v = n.firstFrom(b, true);
    if (v == null) {
      v = n.lastFrom(b, true);
    }
    return v == null ? null : number(v);
  }

  /** The smallest allowed number at or above {@code from} (above it when exclusive), or null. */
  private BigDecimal firstFrom(BigDecimal from, boolean exclusive) {
    if (step == null) {
      BigDecimal v = exclusive ? from.add(BigDecimal.ONE) : from;
      if (!allows(v) && exclusive && high != null && high.compareTo(from) > 0) {
        v = from.add(high).divide(BigDecimal.valueOf(2));
      }
      return allows(v) ? v : null;
    }
    BigDecimal n = from.divide(step, 0, RoundingMode.CEILING);
    for (int i = 0; i < MAX_STEPS; i++, n = n.add(BigDecimal.ONE)) {
      BigDecimal v = n.multiply(step);
      if (high != null && v.compareTo(high) > 0) {
        return null;
      }
      if ((!exclusive || v.compareTo(from) > 0) && whole(v) && allows(v)) {
        return v;
      }
    }
    return null;
  }

  /** The largest allowed number at or below {@code from} (below it when exclusive), or null. */
  private BigDecimal lastFrom(BigDecimal from, boolean exclusive) {
    if (step == null) {
      BigDecimal v = exclusive ? from.subtract(BigDecimal.ONE) : from;
      if (!allows(v) && exclusive && low != null && low.compareTo(from) < 0) {
        v = from.add(low).divide(BigDecimal.valueOf(2));
      }
      return allows(v) ? v : null;
    }
    BigDecimal n = from.divide(step, 0, RoundingMode.FLOOR);
    for (int i = 0; i < MAX_STEPS; i++, n = n.subtract(BigDecimal.ONE)) {
      BigDecimal v = n.multiply(step);
      if (low != null && v.compareTo(low) < 0) {
        return null;
      }
      if ((!exclusive || v.compareTo(from) < 0) && whole(v) && allows(v)) {
        return v;
      }
    }
    return null;
  }

  private boolean whole(BigDecimal v) {
    return !integer || v.stripTrailingZeros().scale() <= 0;
  }

  private boolean allows(BigDecimal v) {
    if (low != null && (lowExclusive ? v.compareTo(low) <= 0 : v.compareTo(low) < 0)) {
      return false;
    }
    return high == null || (highExclusive ? v.compareTo(high) < 0 : v.compareTo(high) <= 0);
  }

  /** Whether draft-04's boolean form makes the bound next to it exclusive. */
  private static boolean draft4Exclusive(JsonNode value) {
    return value != null && value.isBoolean() && value.booleanValue();
  }

  /** A schema keyword's number, or null when it is missing or not a finite number. */
  private static BigDecimal decimal(JsonNode value) {
    if (value == null || !value.isNumber()) {
      return null;
    }
    try {
      return value.decimalValue();
    } catch (NumberFormatException e) {
      return null; // an infinite double
    }
  }

  private static boolean isNumber(Number n) {
    return !(n instanceof Double d && (d.isNaN() || d.isInfinite()))
        && !(n instanceof Float f && (f.isNaN() || f.isInfinite()));
  }

  /** An Integer or a Long when whole (as JSON writes them), else a Double. */
  private static Number number(BigDecimal v) {
    BigDecimal s = v.stripTrailingZeros();
    if (s.scale() <= 0 && s.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
      long l = s.longValueExact();
      if (l == (int) l) {
        return Integer.valueOf((int) l); // not a ?: with a Long, which would box it as a Long
      }
      return Long.valueOf(l);
    }
    return v.doubleValue();
  }
}
