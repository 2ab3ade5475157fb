package io.github.osbsdk.broker.store.jdbc.internal;

import io.github.osbsdk.broker.core.store.StoredBinding;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The stored binding credentials, for re-encryption under a new key: pages of the bindings that
 * have them, in primary-key order (the key's index serves the position), and a compare-and-set
 * of one binding's value; and the newest of them, for the check of the key at a broker's start.
 */
public final class StoredCredentials {
  private final Database db;
  private final String firstPage;
  private final String nextPage;
  private final String replace;
  private final String newest;

  /**
   * Prepares the statement texts.
   *
   * @param db the database
   * @param t the table names
   */
  public StoredCredentials(Database db, Tables t) {
    this.db = db;
    String select = "SELECT " + Rows.BINDING_COLUMNS + " FROM " + t.binding()
        + " WHERE credentials IS NOT NULL";
    String order = " ORDER BY instance_id, binding_id LIMIT ?";
    firstPage = select + order;
    nextPage = select + " AND (instance_id, binding_id) > (?, ?)" + order;
    // osb_binding_credentials_newest (V6) serves it: one index entry, read backwards
    newest = select + " ORDER BY created_at DESC LIMIT 1";
    replace = "UPDATE " + t.binding() + " SET credentials = ? WHERE instance_id = ?"
        + " AND binding_id = ? AND credentials = ?";
  }

  /**
   * A page of bindings with credentials.
   *
   * @param afterInstanceId the position's instance id, or null for the first page
   * @param afterBindingId the position's binding id, or null for the first page
   * @param limit the most rows
   * @return the bindings after the position, in primary-key order
   */
  public List<StoredBinding> page(String afterInstanceId, String afterBindingId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    if ((afterInstanceId == null) != (afterBindingId == null)) {
      throw new IllegalArgumentException("a position needs both ids, or neither");
    }
    return db.single("bindingsWithCredentials", c -> {
      try (PreparedStatement ps = db.prepare(c, afterInstanceId == null ? firstPage
          : nextPage)) {
        int i = 1;
        if (afterInstanceId != null) {
          ps.setString(i++, afterInstanceId);
          ps.setString(i++, afterBindingId);
        }
        ps.setInt(i, limit);
        List<StoredBinding> page = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            page.add(Rows.binding(rs, 1));
          }
        }
        return List.copyOf(page);
      }
    });
  }

  /**
   * The binding with credentials created last.
   *
   * @return the binding, or empty when none has credentials
   */
  public Optional<StoredBinding> newest() {
    return db.single("newestBindingWithCredentials", c -> {
      try (PreparedStatement ps = db.prepare(c, newest);
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Rows.binding(rs, 1)) : Optional.<StoredBinding>empty();
      }
    });
  }

  /**
   * Replaces a binding's credentials if they are still the expected value.
   *
   * @param instanceId the instance
   * @param bindingId the binding
   * @param expected the value as read
   * @param replacement the new value
   * @return whether the row held {@code expected} and now holds {@code replacement}
   * @throws NullPointerException when {@code expected} or {@code replacement} is null
   */
  public boolean replace(String instanceId, String bindingId, String expected,
      String replacement) {
    Objects.requireNonNull(expected, "expected == null");
    Objects.requireNonNull(replacement, "replacement == null");
    return db.single("replaceCredentials", c -> {
      try (PreparedStatement ps = db.prepare(c, replace)) {
        ps.setString(1, replacement);
        ps.setString(2, instanceId);
        ps.setString(3, bindingId);
        ps.setString(4, expected);
        return ps.executeUpdate() == 1;
      }
    });
  }
}
