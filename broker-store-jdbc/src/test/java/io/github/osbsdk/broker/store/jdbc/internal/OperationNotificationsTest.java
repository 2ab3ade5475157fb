package io.github.osbsdk.broker.store.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The listener of finished operations on a real database, when listening fails part way. */
class OperationNotificationsTest {
  private static final String CHANNEL = "osb_operation_listener_test";

  @Test
  void aListenerThatFailsAfterListeningGivesItsConnectionBackNoLongerListening()
      throws Exception {
    // one connection: the listener holds it, so its probe finds none and listening fails
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestDatabase.server().getJdbcUrl("postgres", "postgres"));
    config.setUsername("postgres");
    config.setPoolName("one-connection");
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(250);
    try (HikariDataSource one = new HikariDataSource(config)) {
      RunningOperations copies = new RunningOperations(10, Duration.ofSeconds(60),
          OperationNotifications.MAX_SILENCE, System::nanoTime);
      OperationNotifications listener = new OperationNotifications(one, CHANNEL, copies,
          Duration.ofSeconds(30), System::nanoTime);
      listener.ensureListening();
      awaitListeningSession();

      List<String> channels = channelsOfTheNextBorrower(one);
      listener.close();

      assertThat(copies.listening()).isFalse();
      assertThat(channels).as("channels the pool's connection still listens on").isEmpty();
    }
  }

  /** Waits until a session has run the LISTEN. */
  private static void awaitListeningSession() throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (TestDatabase.strings("SELECT pid::text FROM pg_stat_activity WHERE query = 'LISTEN \""
        + CHANNEL + "\"'").isEmpty()) {
      assertThat(System.nanoTime() - end).as("a session listening").isNegative();
      Thread.sleep(10);
    }
  }

  /** Borrows the pool's connection once the listener gave it back. */
  private static List<String> channelsOfTheNextBorrower(HikariDataSource pool) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
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
