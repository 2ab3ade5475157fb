package io.github.osbsdk.broker.store.jdbc.internal;

import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accepting and finishing operations, each with one statement: the operation row is the guard
 * (still in progress, same owner; for a finish also the same attempt) and data-modifying CTEs
 * apply the effect on the instance and binding rows only when the guard matched. Finishing an
 * asynchronous operation also notifies its id on the operation table's channel, in the same
 * transaction (see {@link OperationNotifications}). Finishes that drop their operation and put
 * their instance (a synchronous provision or update) and arrive together share one statement,
 * see {@link WriteBatcher}.
 */
public final class Finishes {
  /**
   * What a finish that puts its instance changes: every column but the id and IBM Cloud's
   * enabled state, which only {@code setEnabled} changes (a disable that came while the
   * operation ran stays).
   */
  private static final String PUT_INSTANCE = Casts.excludedAssignments(Rows.INSTANCE_COLUMNS, 1,
      "enabled", "enabled_changed_at");
  /**
   * The values a finish that puts its binding writes, in {@link Rows#BINDING_COLUMNS} order: its
   * own, but credentials already stored stay (only {@code replaceCredentials} changes them, say
   * a re-encryption while a failed unbind ran, which restores the binding).
   */
  private static final String PUT_BINDING = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
      + " COALESCE(x.credentials, ?), ?, ?::timestamptz";
  private final Database db;
  private final String accept;
  /** One text per combination: keep op, instance change, binding change. */
  private final Map<String, String> finish = new HashMap<>();
  /** Many finishes that drop their operation and put their instance, at once. */
  private final String dropAndPutBatch;
  private final WriteBatcher<Finish> dropAndPuts;

  /**
   * Prepares the statement texts.
   *
   * @param db the database
   * @param t the table names
   * @param maxBatch at most this many finishes in one statement (1: each alone)
   * @param maxInFlight at most this many batchable finishes written at once
   */
  public Finishes(Database db, Tables t, int maxBatch, int maxInFlight) {
    this.db = db;
    // an acceptance names its run too: a late one of an earlier attempt changes nothing
    accept = "UPDATE " + t.operation() + " SET async = true, step_name = ?, step_arguments = ?,"
        + " external_operation = ?, payload = ?, lease_expiry = ?::timestamptz,"
        + " owner = CASE WHEN ?::text IS NULL THEN owner END"
        + " WHERE id = ? AND instance_id = ? AND status = 'IN_PROGRESS'"
        + " AND owner IS NOT DISTINCT FROM ?::text AND attempt = ?";
    // a finish names the run it ends: a late finish of an earlier attempt changes nothing
    String guard = " WHERE id = ? AND status = 'IN_PROGRESS' AND owner IS NOT DISTINCT FROM"
        + " ?::text AND attempt = ? RETURNING instance_id, binding_id, id, async)";
    String keep = "WITH o AS (UPDATE " + t.operation() + " SET status = ?, description = ?,"
        + " instance_usable = ?::boolean, update_repeatable = ?::boolean,"
        + " finished_at = ?::timestamptz, lease_expiry = NULL, payload = NULL,"
        + " step_arguments = NULL" + guard;
    String drop = "WITH o AS (DELETE FROM " + t.operation() + guard;
    // copies of asynchronous operations in progress on other replicas are dropped on notice
    String notify = OperationNotifications.notifySubquery(t.channel());
    Map<String, String> instance = Map.of(
        "none", "",
        "put", ", i AS (INSERT INTO " + t.instance() + " (" + Rows.INSTANCE_COLUMNS
            + ") SELECT " + Casts.INSTANCE + " FROM o ON CONFLICT (id) DO UPDATE SET "
            + PUT_INSTANCE + ")",
        "delete", ", i AS (DELETE FROM " + t.instance() + " x USING o"
            + " WHERE x.id = o.instance_id)");
    String bindingMatch = " WHERE x.instance_id = o.instance_id AND x.binding_id = o.binding_id)";
    Map<String, String> binding = Map.of(
        "none", "",
        "put", ", b AS (UPDATE " + t.binding() + " x SET (" + Rows.BINDING_COLUMNS + ") = ("
            + PUT_BINDING + ") FROM o" + bindingMatch,
        "delete", ", b AS (DELETE FROM " + t.binding() + " x USING o" + bindingMatch);
    for (boolean k : new boolean[] {true, false}) {
      for (var i : instance.entrySet()) {
        for (var b : binding.entrySet()) {
          finish.put(key(k, i.getKey(), b.getKey()), (k ? keep : drop) + i.getValue()
              + b.getValue() + " SELECT count(*), " + notify + " FROM o");
        }
      }
    }
    // v: operation id, owner, attempt, then the instance's columns; answers the ids of the
    // instances put
    dropAndPutBatch = "WITH v AS (SELECT * FROM " + Batches.unnest(DROP_AND_PUT_COLUMNS)
        + "), o AS (DELETE FROM " + t.operation() + " x USING v WHERE x.id = v.c1"
        + " AND x.status = 'IN_PROGRESS' AND x.owner IS NOT DISTINCT FROM v.c2"
        + " AND x.attempt = v.c3::integer"
        + " RETURNING x.instance_id, x.binding_id, x.id, x.async), i AS (INSERT INTO "
        + t.instance() + " (" + Rows.INSTANCE_COLUMNS + ") SELECT "
        + Batches.columns(Casts.INSTANCE, 4) + " FROM o JOIN v ON v.c1 = o.id"
        + " ON CONFLICT (id) DO UPDATE SET " + PUT_INSTANCE + ") SELECT v.c4, " + notify
        + " FROM o JOIN v ON v.c1 = o.id";
    // one per instance: two upserts of one row in one statement would fail the batch
    dropAndPuts = new WriteBatcher<>(maxBatch, f -> putRow(f).id(), maxInFlight,
        this::dropAndPutBatch);
  }

  private static final int DROP_AND_PUT_COLUMNS = 3 + Rows.INSTANCE_COUNT;

  private static StoredInstance putRow(Finish f) {
    return ((Finish.RowChange.Put<StoredInstance>) f.instance()).row();
  }

  /**
   * Finishes several "drop the operation, put the instance" at once.
   *
   * @return the ids of the instances put (the batcher's keys), one per operation finished
   */
  private Set<String> dropAndPutBatch(List<Finish> batch) {
    Batches.Arrays arrays = new Batches.Arrays(DROP_AND_PUT_COLUMNS, batch.size());
    for (Finish f : batch) {
      StoredInstance row = putRow(f);
      arrays.nextRow();
      arrays.add(f.operationId());
      arrays.add(f.owner());
      arrays.add(Integer.toString(f.attempt()));
      arrays.instance(row, row.status());
    }
    return arrays.run(db, "finishOperation", dropAndPutBatch);
  }

  private static String key(boolean keep, String instance, String binding) {
    return keep + "/" + instance + "/" + binding;
  }

  private static String kind(Finish.RowChange<?> change) {
    if (change instanceof Finish.RowChange.Put<?>) {
      return "put";
    }
    return change instanceof Finish.RowChange.Delete<?> ? "delete" : "none";
  }

  /**
   * Records an asynchronous answer (see {@code BrokerStore#acceptOperation}).
   *
   * @param accepted the operation as accepted
   * @param owner the replica that started it
   * @return whether it was still in progress, owned by {@code owner} and in
   *     {@code accepted.attempt()}
   */
  public boolean accept(StoredOperation accepted, String owner) {
    return db.single("acceptOperation", c -> {
      try (PreparedStatement ps = db.prepare(c, accept)) {
        ps.setString(1, accepted.stepName());
        ps.setString(2, accepted.stepArguments());
        ps.setString(3, accepted.externalOperation());
        ps.setString(4, accepted.payload());
        ps.setObject(5, Rows.time(accepted.leaseExpiry()));
        ps.setString(6, accepted.externalOperation());
        ps.setString(7, accepted.id());
        ps.setString(8, accepted.instanceId());
        ps.setString(9, owner);
        ps.setInt(10, accepted.attempt());
        return ps.executeUpdate() == 1;
      }
    });
  }

  /**
   * Ends an operation and applies its effect (see {@code BrokerStore#finishOperation}).
   *
   * @param f what to do
   * @return whether the operation was in progress, owned by {@link Finish#owner()} and in
   *     {@link Finish#attempt()}
   */
  public boolean finish(Finish f) {
    if (!f.keepOperation() && f.instance() instanceof Finish.RowChange.Put<?>
        && f.binding() instanceof Finish.RowChange.Keep<?>) {
      return dropAndPuts.write(f, this::finishAlone);
    }
    return finishAlone(f);
  }

  private boolean finishAlone(Finish f) {
    String sql = finish.get(key(f.keepOperation(), kind(f.instance()), kind(f.binding())));
    return db.single("finishOperation", c -> {
      try (PreparedStatement ps = db.prepare(c, sql)) {
        int n = 1;
        if (f.keepOperation()) {
          ps.setString(n++, f.status().name());
          ps.setString(n++, f.description());
          ps.setObject(n++, f.instanceUsable());
          ps.setObject(n++, f.updateRepeatable());
          ps.setObject(n++, Rows.time(f.at()));
        }
        ps.setString(n++, f.operationId());
        ps.setString(n++, f.owner());
        ps.setInt(n++, f.attempt());
        if (f.instance() instanceof Finish.RowChange.Put<StoredInstance> put) {
          n = Rows.bindInstance(ps, n, put.row(), put.row().status());
        }
        if (f.binding() instanceof Finish.RowChange.Put<StoredBinding> put) {
          StoredBinding row = put.row();
          BindingStatus status = row.status();
          n = Rows.bindBinding(ps, n, row, status);
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1) == 1;
        }
      }
    });
  }
}
