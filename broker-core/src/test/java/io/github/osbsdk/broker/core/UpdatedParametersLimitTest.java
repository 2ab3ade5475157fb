package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An update's parameters are merged on top of the instance's: without a bound, a customer adds
 * new keys update after update and the registry row (and every fetch, repeat and fingerprint of
 * it) grows without end, although each request is within the body limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpdatedParametersLimitTest {
  private static final int LIMIT = 4096;
  private final TestServiceBroker sb = new TestServiceBroker();
  private final TestServer server = new TestServer(Broker.builder(sb)
      .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD))
      .retryAfter(Duration.ofSeconds(1)).maxRequestBytes(LIMIT).build());

  @AfterAll
  void stop() {
    server.close();
  }

  private String provisioned() {
    String id = id();
    Reply r = server.call("PUT", "/v2/service_instances/" + id).json(body("plan-sync", "{\"a\":1}"))
        .send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return id;
  }

  private Reply patch(String id, String key, int chars) {
    return server.call("PATCH", "/v2/service_instances/" + id).json("{\"service_id\":\"svc-1\","
        + "\"parameters\":{\"" + key + "\":\"" + "x".repeat(chars) + "\"}}").send();
  }

  private Reply fetch(String id) {
    return server.call("GET", "/v2/service_instances/" + id).send();
  }

  @Test
  void updateWhoseMergedParametersWouldPassTheBodyLimitIsRefusedAndChangesNothing() {
    String id = provisioned();
    assertThat(patch(id, "k0", 3000).status()).isEqualTo(200);
    Reply r = patch(id, "k1", 3000);
    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    assertThat(r.body()).contains("\"description\":").contains(LIMIT + " bytes");
    // the provider was not called, and the registry keeps the instance as it was
    assertThat(sb.instances.get(id).parameters()).containsKey("k0").doesNotContainKey("k1");
    Reply fetched = fetch(id);
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.body()).contains("\"k0\"").doesNotContain("\"k1\"");
  }

  @Test
  void updatesThatReplaceTheSameKeyDoNotGrowTheParameters() {
    String id = provisioned();
    for (int i = 0; i < 5; i++) {
      Reply r = patch(id, "k0", 3000 + i);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }
    // a key made smaller leaves room for another one
    assertThat(patch(id, "k0", 10).status()).isEqualTo(200);
    assertThat(patch(id, "k1", 3000).status()).isEqualTo(200);
    assertThat(fetch(id).body()).contains("\"k0\"").contains("\"k1\"");
  }

  @Test
  void manyUpdatesAddingKeysStopAtTheLimit() {
    String id = provisioned();
    int accepted = 0;
    for (int i = 0; i < 20; i++) {
      Reply r = patch(id, "k" + i, 500);
      if (r.status() == 200) {
        accepted++;
      } else {
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
      }
    }
    // each key holds ~510 bytes: at most eight fit in 4 KiB
    assertThat(accepted).isBetween(1, 8);
    assertThat(fetch(id).body().length()).isLessThanOrEqualTo(LIMIT + 512);
  }
}
