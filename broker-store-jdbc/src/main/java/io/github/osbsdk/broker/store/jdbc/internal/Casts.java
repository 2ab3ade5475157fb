package io.github.osbsdk.broker.store.jdbc.internal;

import java.util.List;

/**
 * Typed placeholder lists for the registry rows: {@code INSERT ... SELECT} gives untyped
 * parameters no column type, so every non-text parameter carries its cast.
 */
final class Casts {
  /** The instance row's placeholders, in {@link Rows#INSTANCE_COLUMNS} order. */
  static final String INSTANCE = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
      + " ?::boolean, ?::timestamptz, ?::timestamptz, ?::timestamptz";
  /** The binding row's placeholders, in {@link Rows#BINDING_COLUMNS} order. */
  static final String BINDING = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz";
  /** The operation row's placeholders, in {@link Rows#OPERATION_COLUMNS} order. */
  static final String OPERATION = "?, ?, ?, ?, ?, ?, ?::boolean, ?::boolean, ?, ?::boolean, ?,"
      + " ?::timestamptz, ?::integer, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz";

  private Casts() {}

  /**
   * {@code col = EXCLUDED.col} for every column but the key ones and those {@code kept}.
   *
   * @param columns the comma-separated columns
   * @param keys how many leading columns form the key
   * @param kept columns the assignments leave as stored
   * @return the assignments
   */
  static String excludedAssignments(String columns, int keys, String... kept) {
    String[] cols = columns.split(", ");
    StringBuilder sb = new StringBuilder();
    for (int i = keys; i < cols.length; i++) {
      if (List.of(kept).contains(cols[i])) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(cols[i]).append(" = EXCLUDED.").append(cols[i]);
    }
    return sb.toString();
  }
}
