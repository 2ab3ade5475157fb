package io.github.osbsdk.samples.hello;

import static io.github.osbsdk.samples.hello.HelloCatalog.ASYNC_PLAN_ID;
import static io.github.osbsdk.samples.hello.OsbHttp.crn;
import static io.github.osbsdk.samples.hello.OsbHttp.enc;
import static io.github.osbsdk.samples.hello.OsbHttp.ids;
import static io.github.osbsdk.samples.hello.OsbHttp.json;
import static io.github.osbsdk.samples.hello.OsbHttp.provisionBody;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL restarts while the {@code async} plan's resumable step runs: the step's own writes
 * find the database down ({@code StoreUnavailableException} from {@link Sql}), and the SDK runs
 * the step again once it is back, so the provision ends {@code succeeded} and the instance is
 * ready (before: every provision running then ended {@code failed}, its namespace left
 * {@code PROVISIONING}).
 */
class AsyncProvisionThroughDatabaseRestartTest {
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final Duration ASYNC_DELAY = Duration.ofSeconds(2);

  @Test
  void anAsyncProvisionRunningWhileTheDatabaseRestartsSucceedsOnceItIsBack(@TempDir Path dir)
      throws Exception {
    TestPostgres pg = TestPostgres.start(dir);
    HelloServer server = null;
    try {
      server = HelloServer.start(HelloConfig.local("platform", "s3cret", ASYNC_DELAY)
          .withState(pg.settings(LEASE)));
      OsbHttp osb = new OsbHttp(server.baseUri(), "platform", "s3cret");
      String id = crn("restart");
      String path = "/v2/service_instances/" + enc(id);
      HttpResponse<String> accepted = osb.osb("PUT", path + "?accepts_incomplete=true",
          provisionBody(ASYNC_PLAN_ID, "{}"));
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      String operation = json(accepted).path("operation").asText();

      pg.stop();
      // down until the step's last write has surely given up: the step started before the stop,
      // writes after its delay, and waits for a connection up to the pool's timeout
      Duration down = ASYNC_DELAY.plus(HelloState.CONNECTION_TIMEOUT).plusSeconds(2);
      Thread.sleep(down.toMillis());
      pg.startAgain();

      String query = "?" + ids(ASYNC_PLAN_ID) + "&operation=" + enc(operation);
      String state = "in progress";
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (state.equals("in progress") && System.nanoTime() < deadline) {
        HttpResponse<String> polled = osb.osb("GET", path + "/last_operation" + query, null);
        assertThat(polled.statusCode()).as(polled.body()).isIn(200, 503);
        state = polled.statusCode() == 200 ? json(polled).path("state").asText() : state;
        Thread.sleep(100);
      }
      assertThat(state).isEqualTo("succeeded");
      assertThat(osb.osb("GET", path, null).statusCode()).isEqualTo(200);
      assertThat(server.store().namespace(id)).get().extracting(Namespace::status)
          .isEqualTo(Namespace.Status.READY);
    } finally {
      pg.closeAfter(server);
    }
  }
}
