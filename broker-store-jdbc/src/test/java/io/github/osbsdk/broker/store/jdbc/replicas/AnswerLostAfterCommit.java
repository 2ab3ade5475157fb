package io.github.osbsdk.broker.store.jdbc.replicas;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * A pool whose connection is lost just after the server committed: once {@link #arm}ed with a
 * piece of SQL, the next statement (auto-commit) or transaction (at {@code commit()}) that ran
 * such SQL is applied and committed on the server, and then the caller gets the driver's "I/O
 * error" (SQLState 08006) instead of the answer, as when the network or the server's process
 * goes away between the commit and its reply. Armed with a condition, it fires only at a commit
 * after which the condition holds (say, "the operation is in attempt 2"), so that a test may arm
 * it before it sets the stage, and no background statement that changed nothing takes the shot.
 * A second loss may be queued behind the first ({@link #thenArm}), and a statement refused
 * ({@link #refuse}): it fails before it runs, with a SQLState that says nothing of an outage, as
 * when PostgreSQL refuses what a statement writes.
 */
final class AnswerLostAfterCommit {
  /** What fires: SQL containing {@code part}, once {@code when} holds after its commit. */
  private record Armed(String part, BooleanSupplier when) {}

  private final AtomicReference<Armed> armed = new AtomicReference<>();
  private final AtomicReference<Armed> next = new AtomicReference<>();
  private final AtomicReference<Armed> refusal = new AtomicReference<>();
  private final DataSource pool;

  AnswerLostAfterCommit(DataSource pool) {
    this.pool = pool;
  }

  /** The next commit of SQL containing {@code sqlPart} loses its answer (once). */
  void arm(String sqlPart) {
    arm(sqlPart, () -> true);
  }

  /**
   * The next commit of SQL containing {@code sqlPart} after which {@code when} holds loses its
   * answer (once); {@code when} is asked after each such commit, on another connection.
   */
  void arm(String sqlPart, BooleanSupplier when) {
    armed.set(new Armed(sqlPart, when));
  }

  /**
   * Once the loss armed now has fired, the next commit of SQL containing {@code sqlPart} loses
   * its answer too (once); {@link #fired} holds once both have.
   */
  void thenArm(String sqlPart) {
    next.set(new Armed(sqlPart, () -> true));
  }

  /**
   * The next statement holding {@code sqlPart} that runs once {@code when} holds fails before it
   * runs, with SQLState 23514 (a check constraint refused it): a refusal, not an outage.
   */
  void refuse(String sqlPart, BooleanSupplier when) {
    refusal.set(new Armed(sqlPart, when));
  }

  /** Whether the armed refusal was made. */
  boolean refused() {
    return refusal.get() == null;
  }

  boolean fired() {
    return armed.get() == null && next.get() == null;
  }

  DataSource dataSource() {
    return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DataSource.class}, (p, m, args) -> {
          Object r = call(pool, m, args);
          return r instanceof Connection c ? connection(c) : r;
        });
  }

  private static Object call(Object target, Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static SQLException lost() {
    return new SQLException("An I/O error occurred while sending to the backend.", "08006");
  }

  private Connection connection(Connection c) {
    boolean[] ranArmed = new boolean[1];
    InvocationHandler h = (p, m, args) -> {
      String name = m.getName();
      if (name.equals("commit")) {
        call(c, m, args);
        if (ranArmed[0] && fire()) {
          ranArmed[0] = false;
          throw lost();
        }
        ranArmed[0] = false;
        return null;
      }
      if (name.equals("rollback")) {
        ranArmed[0] = false;
      }
      Object r = call(c, m, args);
      if (name.equals("prepareStatement") && args != null && args[0] instanceof String sql) {
        return statement((PreparedStatement) r, sql, c, ranArmed);
      }
      return r;
    };
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Connection.class}, h);
  }

  private boolean fire() {
    Armed a = armed.get();
    if (a != null && a.when().getAsBoolean() && armed.compareAndSet(a, null)) {
      armed.set(next.getAndSet(null));
      return true;
    }
    return false;
  }

  private void refuseArmed(String sql) throws SQLException {
    Armed r = refusal.get();
    if (r != null && sql.contains(r.part()) && r.when().getAsBoolean()
        && refusal.compareAndSet(r, null)) {
      throw new SQLException("new row violates check constraint (injected)", "23514");
    }
  }

  private PreparedStatement statement(PreparedStatement ps, String sql, Connection c,
      boolean[] ranArmed) {
    InvocationHandler h = (p, m, args) -> {
      String name = m.getName();
      if (name.startsWith("execute")) {
        refuseArmed(sql);
      }
      Object r = call(ps, m, args);
      Armed a = armed.get();
      if (name.startsWith("execute") && a != null && sql.contains(a.part())) {
        if (c.getAutoCommit()) {
          if (fire()) {
            throw lost();
          }
        } else {
          ranArmed[0] = true;
        }
      }
      return r;
    };
    return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {PreparedStatement.class}, h);
  }
}
