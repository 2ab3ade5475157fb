package io.github.osbsdk.samples.hello;

import static io.github.osbsdk.samples.hello.HelloCatalog.SYNC_PLAN_ID;
import static io.github.osbsdk.samples.hello.OsbHttp.bindBody;
import static io.github.osbsdk.samples.hello.OsbHttp.crn;
import static io.github.osbsdk.samples.hello.OsbHttp.enc;
import static io.github.osbsdk.samples.hello.OsbHttp.json;
import static io.github.osbsdk.samples.hello.OsbHttp.provisionBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** While the database is down the data API answers 503 JSON (never 500), then recovers. */
class DatabaseDownTest {
  /** What a test checks once the call waits for the locked table. */
  @FunctionalInterface
  private interface WhileItWaits {
    /**
     * Checks.
     *
     * @param pg the server
     * @param call the call
     * @param started when the call was made ({@link System#nanoTime})
     */
    void check(TestPostgres pg, Future<?> call, long started) throws Exception;
  }

  /**
   * Makes a call on the sample's state while a DBA's transaction holds {@code table} in ACCESS
   * EXCLUSIVE mode, and runs {@code then} once the call waits for that lock.
   */
  private static void callBehindALockedTable(Path dir, String table,
      Function<HelloState, Callable<?>> call, WhileItWaits then) throws Exception {
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try (TestPostgres pg = TestPostgres.start(dir);
        HelloState state = HelloState.open(pg.settings(Duration.ofSeconds(30)));
        Connection dba = pg.dataSource().getConnection();
        Statement st = dba.createStatement()) {
      Callable<?> work = call.apply(state);
      dba.setAutoCommit(false);
      st.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
      long start = System.nanoTime();
      Future<?> waiting = caller.submit(work);
      awaitLockWait(pg);
      then.check(pg, waiting, start);
    } finally {
      caller.shutdownNow();
    }
  }

  @Test
  void aDatabaseThatStopsAnsweringMidCallFailsTheCallWithinTheSocketTimeout(@TempDir Path dir)
      throws Exception {
    // the host hangs while a call waits for its answer: the connection stays open but nothing
    // answers, not even the cancel the statement timeout sends; only the socket timeout ends it
    callBehindALockedTable(dir, "osb_instance",
        state -> () -> state.brokerStore().findInstance("frozen"), (pg, call, start) -> {
          pg.freeze();
          try {
            assertThatThrownBy(() -> call.get(60, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(StoreUnavailableException.class); // answered 503
            // the README promises an answer within 30 s: the socket timeout ends the wait
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isLessThan(HelloState.SOCKET_TIMEOUT.plusSeconds(3))
                .isLessThan(Duration.ofSeconds(25));
          } finally {
            pg.thaw();
          }
        });
  }

  @Test
  void aCallWhoseConnectionIsCutReportsWhyNotItsFailedRollback(@TempDir Path dir)
      throws Exception {
    callBehindALockedTable(dir, "hello_namespace", state -> () -> state.store().put("i1", "k",
        new StoredValue(new byte[] {1}, "application/octet-stream")), (pg, call, start) -> {
      // a DBA (or a failover) ends the waiting call's session: its rollback fails as well
      try (Connection other = pg.dataSource().getConnection();
          Statement kill = other.createStatement()) {
        kill.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE wait_event_type = 'Lock'");
      }

      assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("SQLState 57P01");
    });
  }

  /** Waits until a session waits for a lock. */
  private static void awaitLockWait(TestPostgres pg) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try (Connection c = pg.dataSource().getConnection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity"
              + " WHERE wait_event_type = 'Lock'")) {
        rs.next();
        if (rs.getInt(1) > 0) {
          return;
        }
      }
      assertThat(System.nanoTime() - end).as("a call waiting for the lock").isNegative();
      Thread.sleep(20);
    }
  }

  @Test
  void theDataApiAnswers503JsonWhileTheDatabaseIsDownAndRecoversAfterwards(@TempDir Path dir)
      throws Exception {
    try (TestPostgres pg = TestPostgres.start(dir);
        HelloServer server = HelloServer.start(HelloConfig.local("platform", "s3cret",
            Duration.ofMillis(100)).withState(pg.settings(Duration.ofSeconds(30))))) {
      OsbHttp osb = new OsbHttp(server.baseUri(), "platform", "s3cret");
      String id = crn("down");
      String path = "/v2/service_instances/" + enc(id);
      assertThat(osb.osb("PUT", path, provisionBody(SYNC_PLAN_ID, "{}")).statusCode())
          .isEqualTo(201);
      JsonNode c = json(osb.osb("PUT", path + "/service_bindings/k1",
          bindBody(SYNC_PLAN_ID, "{}"))).path("credentials");
      String auth = OsbHttp.basic(c.path("username").asText(), c.path("password").asText());
      String url = server.baseUri() + "/data/" + enc(id) + "/k";
      assertThat(OsbHttp.data("PUT", url, auth, "v").statusCode()).isEqualTo(204);

      pg.stop();
      long start = System.nanoTime();
      HttpResponse<String> down = OsbHttp.data("GET", url, auth, null);
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.headers().firstValue("Content-Type")).get().asString()
          .startsWith("application/json");
      assertThat(down.headers().firstValue("Retry-After")).isPresent();
      assertThat(json(down).path("error").asText()).isEqualTo("ServiceUnavailable");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      HttpResponse<String> osbDown = osb.osb("GET", path, null);
      assertThat(osbDown.statusCode()).isEqualTo(503);
      assertThat(osbDown.headers().firstValue("Retry-After")).isPresent();

      pg.startAgain();
      int status = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (status != 200 && System.nanoTime() < deadline) {
        status = OsbHttp.data("GET", url, auth, null).statusCode();
        assertThat(status).isIn(200, 503);
        Thread.sleep(100);
      }
      assertThat(status).isEqualTo(200);
    }
  }
}
