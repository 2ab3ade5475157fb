package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.core.testsupport.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit's scenario: a DBA's session holds the registry's {@code osb_instance} table in
 * ACCESS EXCLUSIVE mode while the platform sends 60 provisions at once. Every one is answered
 * 503 with an OSB body and {@code Retry-After} well within the 30 s the README promises, the
 * catalog (no database) meanwhile at once; and a replica whose database stops answering stops
 * within {@link HelloServer#SHUTDOWN_TOTAL}, under Kubernetes' default grace of 30 s.
 */
class LockedRegistryUnderLoadTest {
  private static final int PROVISIONS = 60;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private record Answer(int status, String retryAfter, String body, long millis) {}

  private static CompletableFuture<Answer> send(HelloServer server, String method, String path,
      String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
        .timeout(Duration.ofSeconds(45))
        .header("X-Broker-API-Version", "2.17")
        .header("Authorization", OsbHttp.basic("platform", "s3cret"));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    long start = System.nanoTime();
    return CLIENT.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
        .handle((r, e) -> new Answer(r == null ? -1 : r.statusCode(),
            r == null ? null : r.headers().firstValue("Retry-After").orElse(null),
            r == null ? String.valueOf(e) : r.body(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
  }

  private static int lockWaits(TestPostgres pg) {
    try (Connection c = pg.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity"
            + " WHERE wait_event_type = 'Lock'")) {
      rs.next();
      return rs.getInt(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HelloServer start(TestPostgres pg) {
    return HelloServer.start(HelloConfig.local("platform", "s3cret", Duration.ofMillis(100))
        .withState(pg.settings(Duration.ofSeconds(30))));
  }

  @Test
  void everyProvisionBehindALockedRegistryIsAnswered503WithinTheDeadlineAndTheCatalogAtOnce(
      @TempDir Path dir) throws Exception {
    try (TestPostgres pg = TestPostgres.start(dir)) {
      HelloServer server = start(pg);
      try (Connection dba = pg.dataSource().getConnection();
          Statement st = dba.createStatement()) {
        dba.setAutoCommit(false);
        st.execute("LOCK TABLE osb_instance IN ACCESS EXCLUSIVE MODE");
        List<CompletableFuture<Answer>> provisions = new ArrayList<>();
        for (int i = 0; i < PROVISIONS; i++) {
          provisions.add(send(server, "PUT", "/v2/service_instances/"
              + OsbHttp.enc(OsbHttp.crn("locked")),
              OsbHttp.provisionBody(HelloCatalog.SYNC_PLAN_ID, "{}")));
        }
        Await.until(() -> lockWaits(pg) > 0, "provisions waiting for the locked table");

        Answer catalog = send(server, "GET", "/v2/catalog", null).get(60, TimeUnit.SECONDS);

        List<Answer> answers = new ArrayList<>();
        for (CompletableFuture<Answer> p : provisions) {
          answers.add(p.get(60, TimeUnit.SECONDS));
        }
        long slowest = answers.stream().mapToLong(Answer::millis).max().orElseThrow();
        System.out.printf("catalog %d ms; %d provisions, slowest %d ms%n", catalog.millis(),
            answers.size(), slowest);
        assertThat(catalog.status()).isEqualTo(200);
        assertThat(catalog.millis()).as("the catalog waits behind no database call")
            .isLessThan(5_000);
        assertThat(answers).allSatisfy(a -> {
          assertThat(a.status()).as(a.body()).isEqualTo(503);
          assertThat(a.retryAfter()).isNotNull();
          assertThat(JSON.readTree(a.body()).path("description").asText()).isNotEmpty();
        });
        assertThat(slowest).as("the slowest answer, ms").isLessThan(20_000);
      } finally {
        server.close();
      }
    }
  }

  @Test
  void aReplicaWhoseDatabaseStopsAnsweringStopsWithinTheShutdownBound(@TempDir Path dir) {
    try (TestPostgres pg = TestPostgres.start(dir)) {
      HelloServer server = start(pg);
      String id = OsbHttp.crn("frozen");
      OsbHttp osb = new OsbHttp(server.baseUri(), "platform", "s3cret");
      assertThat(osb.osb("PUT", "/v2/service_instances/" + OsbHttp.enc(id),
          OsbHttp.provisionBody(HelloCatalog.SYNC_PLAN_ID, "{}")).statusCode()).isEqualTo(201);
      pg.freeze();
      try {
        long start = System.nanoTime();
        server.close();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("close with the database frozen: %d ms%n", millis);
        assertThat(millis).isLessThanOrEqualTo(HelloServer.SHUTDOWN_TOTAL.toMillis() + 1_000);
      } finally {
        pg.thaw();
      }
    }
  }
}
