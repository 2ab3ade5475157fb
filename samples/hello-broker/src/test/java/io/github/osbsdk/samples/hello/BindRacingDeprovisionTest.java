package io.github.osbsdk.samples.hello;

import static io.github.osbsdk.samples.hello.HelloCatalog.SYNC_PLAN_ID;
import static io.github.osbsdk.samples.hello.OsbHttp.bindBody;
import static io.github.osbsdk.samples.hello.OsbHttp.crn;
import static io.github.osbsdk.samples.hello.OsbHttp.enc;
import static io.github.osbsdk.samples.hello.OsbHttp.ids;
import static io.github.osbsdk.samples.hello.OsbHttp.json;
import static io.github.osbsdk.samples.hello.OsbHttp.provisionBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Binds racing a deprovision of their instance, over HTTP, as the issue that made state the
 * SDK's job reported it ("a bind racing a deprovision left revoked binding credentials
 * working"): whatever order the requests win in, once the deprovision answered 200 no
 * credentials that a bind answered with open the data API, and while the instance lives every
 * answered binding's credentials do. Once on one in-memory broker, once on two replicas on one
 * PostgreSQL database with the binds and the deprovision spread over both.
 */
class BindRacingDeprovisionTest {
  private static final int ROUNDS = 8;
  private static final int BINDS = 6;

  @Test
  void onOneBrokerNoAnsweredCredentialsOutliveTheirDeprovisionedInstance() throws Exception {
    try (HelloServer server = HelloServer.start(HelloConfig.local("platform", "s3cret",
        Duration.ofMillis(100)))) {
      race(List.of(server.baseUri()));
    }
  }

  @Test
  void onTwoReplicasNoAnsweredCredentialsOutliveTheirDeprovisionedInstance(@TempDir Path dir)
      throws Exception {
    try (TestPostgres pg = TestPostgres.start(dir)) {
      HelloConfig config = HelloConfig.local("platform", "s3cret", Duration.ofMillis(100))
          .withState(pg.settings(Duration.ofSeconds(5)));
      HelloServer a = HelloServer.start(config);
      HelloServer b = HelloServer.start(config);
      try {
        race(List.of(a.baseUri(), b.baseUri()));
      } finally {
        a.close();
        b.close();
      }
    }
  }

  private static void race(List<URI> replicas) throws Exception {
    List<OsbHttp> osb = replicas.stream().map(u -> new OsbHttp(u, "platform", "s3cret"))
        .toList();
    ExecutorService pool = Executors.newFixedThreadPool(BINDS + 1);
    int deprovisioned = 0;
    int survived = 0;
    try {
      for (int round = 0; round < ROUNDS; round++) {
        String path = "/v2/service_instances/" + enc(crn("race-" + round));
        assertThat(osb.get(0).osb("PUT", path, provisionBody(SYNC_PLAN_ID, "{}"))
            .statusCode()).isEqualTo(201);
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < BINDS; i++) {
          OsbHttp on = osb.get(i % osb.size());
          String binding = path + "/service_bindings/b" + i;
          calls.add(() -> {
            start.await();
            return on.osb("PUT", binding, bindBody(SYNC_PLAN_ID, "{}"));
          });
        }
        OsbHttp deleter = osb.get(round % osb.size());
        calls.add(BINDS / 2, () -> {
          start.await();
          return deleter.osb("DELETE", path + "?" + ids(SYNC_PLAN_ID), null);
        });
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        for (Callable<HttpResponse<String>> call : calls) {
          futures.add(pool.submit(call));
        }
        start.countDown();
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (Future<HttpResponse<String>> f : futures) {
          answers.add(f.get(1, TimeUnit.MINUTES));
        }
        HttpResponse<String> delete = answers.remove(BINDS / 2);
        assertThat(delete.statusCode()).as("deprovision: %s", delete.body()).isIn(200, 422);
        boolean gone = delete.statusCode() == 200;
        for (HttpResponse<String> bind : answers) {
          assertThat(bind.statusCode()).as("bind: %s", bind.body()).isIn(201, 404, 410, 422);
          if (bind.statusCode() != 201) {
            continue;
          }
          JsonNode c = json(bind).path("credentials");
          String auth = OsbHttp.basic(c.path("username").asText(), c.path("password").asText());
          int read = OsbHttp.data("GET", c.path("url").asText() + "/k", auth, null)
              .statusCode();
          if (gone) {
            assertThat(read).as("credentials of a binding answered 201 after the instance"
                + " was deprovisioned").isEqualTo(401);
          } else {
            assertThat(read).as("credentials of a live instance's binding").isEqualTo(404);
          }
        }
        if (gone) {
          deprovisioned++;
          assertThat(osb.get(0).osb("GET", path, null).statusCode()).isEqualTo(404);
        } else {
          survived++;
          assertThat(osb.get(0).osb("DELETE", path + "?" + ids(SYNC_PLAN_ID), null)
              .statusCode()).isEqualTo(200);
        }
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    assertThat(deprovisioned + survived).isEqualTo(ROUNDS);
  }
}
