package io.github.osbsdk.broker.store.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A pool whose listener connection (the first one a listener thread takes) is elsewhere. */
final class ListenerElsewhere implements DataSource {
  private static final ThreadLocal<Boolean> TAKEN = new ThreadLocal<>();
  private final DataSource pool;
  private final String elsewhere;

  ListenerElsewhere(DataSource pool, String elsewhere) {
    this.pool = pool;
    this.elsewhere = elsewhere;
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (Thread.currentThread().getName().equals("osb-operation-notifications")
        && TAKEN.get() == null) {
      TAKEN.set(Boolean.TRUE);
      return DriverManager.getConnection(elsewhere, "postgres", "");
    }
    return pool.getConnection();
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return pool.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return pool.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return pool.isWrapperFor(iface);
  }
}
