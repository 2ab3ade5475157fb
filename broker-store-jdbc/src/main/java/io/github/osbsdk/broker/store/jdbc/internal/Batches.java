package io.github.osbsdk.broker.store.jdbc.internal;

import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;

/**
 * Many rows in one statement: each column travels as one {@code text[]} parameter, unnested into
 * a row set {@code v(c1, c2, ...)}, and is cast back to its column's type where the rows are
 * used, with the same casts as the single-row statements ({@link Casts}). Times travel as their
 * ISO-8601 text in UTC, exact to the microsecond as {@code timestamptz} keeps them.
 */
final class Batches {
  private Batches() {}

  /**
   * {@code unnest(?::text[], ...) AS v(c1, ..., cN)}.
   *
   * @param columns how many arrays
   * @return the FROM item
   */
  static String unnest(int columns) {
    StringBuilder sb = new StringBuilder("unnest(");
    for (int i = 0; i < columns; i++) {
      sb.append(i == 0 ? "" : ", ").append("?::text[]");
    }
    sb.append(") AS v(");
    for (int i = 1; i <= columns; i++) {
      sb.append(i == 1 ? "" : ", ").append('c').append(i);
    }
    return sb.append(')').toString();
  }

  /**
   * A single-row placeholder list ({@link Casts}) turned into the matching columns of the
   * unnested rows: the k-th {@code ?} becomes {@code v.c(first + k)}, its cast kept.
   *
   * @param placeholders e.g. {@code "?, ?::boolean"}
   * @param first the number of the first column
   * @return e.g. {@code "v.c3, v.c4::boolean"}
   */
  static String columns(String placeholders, int first) {
    StringBuilder sb = new StringBuilder();
    int n = first;
    for (int i = 0; i < placeholders.length(); i++) {
      char ch = placeholders.charAt(i);
      if (ch == '?') {
        sb.append("v.c").append(n++);
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  /** Column arrays being filled, row by row. */
  static final class Arrays {
    private final String[][] columns;
    private int row = -1;
    private int col;

    Arrays(int columnCount, int rows) {
      columns = new String[columnCount][rows];
    }

    /** Starts the next row (the first one on the first call). */
    void nextRow() {
      row++;
      col = 0;
    }

    void add(String value) {
      columns[col++][row] = value;
    }

    void add(Boolean value) {
      add(value == null ? null : value.toString());
    }

    void add(Instant value) {
      // rounded to the microsecond half up, as the driver rounds a bound OffsetDateTime
      add(value == null ? null : value.plusNanos(500).truncatedTo(ChronoUnit.MICROS).toString());
    }

    void instance(StoredInstance i, InstanceStatus status) {
      add(i.id());
      add(i.serviceId());
      add(i.planId());
      add(i.fingerprint());
      add(i.parameters());
      add(i.context());
      add(i.organizationGuid());
      add(i.spaceGuid());
      add(i.maintenanceInfoVersion());
      add(i.dashboardUrl());
      add(i.metadata());
      add(status.name());
      add(i.enabled());
      add(i.enabledChangedAt());
      add(i.createdAt());
      add(i.updatedAt());
    }

    void operation(StoredOperation o) {
      add(o.id());
      add(o.instanceId());
      add(o.bindingId());
      add(o.type().name());
      add(o.status().name());
      add(o.description());
      add(o.instanceUsable());
      add(o.updateRepeatable());
      add(o.fingerprint());
      add(o.async());
      add(o.owner());
      add(o.leaseExpiry());
      add(Integer.toString(o.attempt()));
      add(o.stepName());
      add(o.stepArguments());
      add(o.externalOperation());
      add(o.payload());
      add(o.requestId());
      add(o.createdAt());
      add(o.finishedAt());
    }

    /**
     * Runs a batch statement with the arrays as its parameters.
     *
     * @param db the database
     * @param what the call, for error messages
     * @param sql the statement; its first column is a text
     * @return the first column of every row it returned
     */
    Set<String> run(Database db, String what, String sql) {
      return db.single(what, c -> {
        try (PreparedStatement ps = db.prepare(c, sql)) {
          for (int i = 0; i < columns.length; i++) {
            ps.setArray(i + 1, c.createArrayOf("text", columns[i]));
          }
          Set<String> values = new HashSet<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              values.add(rs.getString(1));
            }
          }
          return values;
        }
      });
    }
  }
}
