package io.github.osbsdk.samples.hello;

import static io.github.osbsdk.samples.hello.HelloCatalog.SYNC_PLAN_ID;
import static io.github.osbsdk.samples.hello.OsbHttp.bindBody;
import static io.github.osbsdk.samples.hello.OsbHttp.crn;
import static io.github.osbsdk.samples.hello.OsbHttp.enc;
import static io.github.osbsdk.samples.hello.OsbHttp.json;
import static io.github.osbsdk.samples.hello.OsbHttp.provisionBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** While the database is down the data API answers 503 JSON (never 500), then recovers. */
class DatabaseDownTest {
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
