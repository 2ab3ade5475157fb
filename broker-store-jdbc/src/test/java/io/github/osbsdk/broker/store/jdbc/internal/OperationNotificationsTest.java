package io.github.osbsdk.broker.store.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The listener of finished operations on a real database, when listening fails part way. */
class OperationNotificationsTest {
  private static final String CHANNEL = "osb_operation_listener_test";

  @Test
  void aListenerThatFailsAfterListeningGivesItsConnectionBackNoLongerListening()
      throws Exception {
    // one connection: the listener holds it, so its probe finds none and listening fails
    try (HikariDataSource one = poolOfOne()) {
      listenerGivesItsConnectionBackNoLongerListening(one, one);
    }
  }

  @Test
  void aConnectionOnWhichUnlistenFailsIsNotGivenBackToThePoolStillListening() throws Exception {
    try (HikariDataSource one = poolOfOne()) {
      listenerGivesItsConnectionBackNoLongerListening(one, new UnlistenFails(one));
    }
  }

  /**
   * Starts a listener on {@code listenerSource} (the pool of one connection {@code one}, or a
   * view of it) until its session listens, lets the next borrower of {@code one} take that
   * connection, closes the listener, and checks that it no longer listens and that the borrower
   * found the connection listening on no channel.
   */
  private static void listenerGivesItsConnectionBackNoLongerListening(HikariDataSource one,
      DataSource listenerSource) throws Exception {
    RunningOperations copies = new RunningOperations(10, Duration.ofSeconds(60),
        OperationNotifications.MAX_SILENCE, System::nanoTime);
    OperationNotifications listener = new OperationNotifications(listenerSource, CHANNEL, copies,
        Duration.ofSeconds(30), System::nanoTime);
    listener.ensureListening();
    awaitListeningSession();

    List<String> channels = channelsOfTheNextBorrower(one);
    listener.close();

    assertThat(copies.listening()).isFalse();
    assertThat(channels).as("channels the pool's connection still listens on").isEmpty();
  }

  private static HikariDataSource poolOfOne() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestDatabase.server().getJdbcUrl("postgres", "postgres"));
    config.setUsername("postgres");
    config.setPoolName("one-connection");
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(250);
    return new HikariDataSource(config);
  }

  /** The pool's real connections, on which every UNLISTEN fails (as on a broken connection). */
  private static final class UnlistenFails implements DataSource {
    private final DataSource pool;

    UnlistenFails(DataSource pool) {
      this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection real = pool.getConnection();
      return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
          new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            Object result = invoke(real, method, args);
            if (method.getName().equals("createStatement") && result instanceof Statement st) {
              return failingUnlisten(st);
            }
            return result;
          });
    }

    private static Statement failingUnlisten(Statement real) {
      return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(),
          new Class<?>[] {Statement.class}, (proxy, method, args) -> {
            if (method.getName().equals("execute") && args != null && args.length == 1
                && String.valueOf(args[0]).startsWith("UNLISTEN")) {
              throw new SQLException("UNLISTEN refused (injected)");
            }
            return invoke(real, method, args);
          });
    }

    private static Object invoke(Object target, Method method, Object[] args)
        throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }

  /** Waits until a session has run the LISTEN. */
  private static void awaitListeningSession() throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (TestDatabase.strings("SELECT pid::text FROM pg_stat_activity WHERE query = 'LISTEN \""
        + CHANNEL + "\"'").isEmpty()) {
      assertThat(System.nanoTime() - end).as("a session listening").isNegative();
      Thread.sleep(10);
    }
  }

  /** Borrows the pool's connection once the listener gave it back. */
  private static List<String> channelsOfTheNextBorrower(HikariDataSource pool) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try (Connection c = pool.getConnection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT pg_listening_channels()")) {
        List<String> channels = new ArrayList<>();
        while (rs.next()) {
          channels.add(rs.getString(1));
        }
        return channels;
      } catch (SQLException busy) {
        assertThat(System.nanoTime() - end).as("the listener gives its connection back")
            .isNegative();
      }
    }
  }
}
