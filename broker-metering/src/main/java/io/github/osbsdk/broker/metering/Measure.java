package io.github.osbsdk.broker.metering;

import java.util.Objects;

/**
 * One measured quantity of a usage record, {@code {"measure": "API_CALL", "quantity": 42}} on
 * the wire. The quantity is checked (finite, not negative) when the record is built, so that
 * every problem of a record is reported at once.
 *
 * @param measure the measure id the plan's pricing declares, e.g. {@code API_CALL}
 * @param quantity the amount used in the record's window
 */
public record Measure(String measure, double quantity) {

  /**
   * Creates a measure.
   *
   * @param measure the measure id, not null
   * @param quantity the amount
   */
  public Measure {
    Objects.requireNonNull(measure, "measure == null");
  }

  /**
   * Shorthand for {@code new Measure(measure, quantity)}.
   *
   * @param measure the measure id
   * @param quantity the amount
   * @return the measure
   */
  public static Measure of(String measure, double quantity) {
    return new Measure(measure, quantity);
  }
}
