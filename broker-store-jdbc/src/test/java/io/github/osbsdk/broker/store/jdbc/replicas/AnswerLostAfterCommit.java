package io.github.osbsdk.broker.store.jdbc.replicas;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * A pool whose connection is lost just after the server committed: once {@link #arm}ed with a
 * piece of SQL, the next statement (auto-commit) or transaction (at {@code commit()}) that ran
 * such SQL is applied and committed on the server, and then the caller gets the driver's "I/O
 * error" (SQLState 08006) instead of the answer, as when the network or the server's process
 * goes away between the commit and its reply.
 */
final class AnswerLostAfterCommit {
  private final AtomicReference<String> armed = new AtomicReference<>();
  private final DataSource pool;

  AnswerLostAfterCommit(DataSource pool) {
    this.pool = pool;
  }

  /** The next commit of SQL containing {@code sqlPart} loses its answer (once). */
  void arm(String sqlPart) {
    armed.set(sqlPart);
  }

  boolean fired() {
    return armed.get() == null;
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
    return armed.getAndSet(null) != null;
  }

  private PreparedStatement statement(PreparedStatement ps, String sql, Connection c,
      boolean[] ranArmed) {
    InvocationHandler h = (p, m, args) -> {
      Object r = call(ps, m, args);
      String name = m.getName();
      String part = armed.get();
      if (name.startsWith("execute") && part != null && sql.contains(part)) {
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
