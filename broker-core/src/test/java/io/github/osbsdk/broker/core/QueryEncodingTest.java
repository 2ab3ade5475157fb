package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Containers decode a query escape that is not UTF-8 leniently, to U+FFFD, so the provider saw
 * an operation or id the platform never sent: such a query is refused with 400 and an OSB error
 * body before the provider is called; valid escapes are still decoded and served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryEncodingTest {
  private final TestServiceBroker sb = new TestServiceBroker();
  private final TestServer server = TestServer.start(sb);

  @AfterAll
  void stop() {
    server.close();
  }

  /** Provisions a provider-tracked instance; returns its path and the operation to poll. */
  private String[] providerInstance() {
    String instance = "/v2/service_instances/" + UUID.randomUUID();
    Reply r = server.call("PUT", instance + "?accepts_incomplete=true")
        .json(ProvisionTest.body("plan-provider", "{}")).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    return new String[] {instance, r.json().get("operation").asText()};
  }

  @Test
  void queryEscapesThatAreNotUtf8AreRefusedWith400BeforeTheProvider() {
    String instance = providerInstance()[0];
    String[][] requests = {
        {"GET", instance + "/last_operation?operation=%FF"},
        {"GET", instance + "/last_operation?plan_id=a%E2%82"},
        {"GET", instance + "/last_operation?service_id=%C3%28"},
        {"DELETE", instance + "?service_id=svc-1&plan_id=plan%C3"},
        {"GET", instance + "/service_bindings/b1/last_operation?operation=%E2%82%28"}};
    sb.lastOperationParam = null;
    for (String[] request : requests) {
      Reply r = server.call(request[0], request[1]).send();
      assertThat(r.status()).as(request[1] + ": " + r).isEqualTo(400);
      assertThat(r.json().get("description").asText()).as(r.toString())
          .contains("UTF-8");
    }
    assertThat(sb.lastOperationParam).isNull();
  }

  @Test
  void validUtf8EscapesAreDecodedAndServed() {
    String[] provisioned = providerInstance();
    Reply r = server.call("GET", provisioned[0] + "/last_operation?operation="
        + URLEncoder.encode(provisioned[1], StandardCharsets.UTF_8) + "&x=%C3%A9t%E2%82%AC%20")
        .send();
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(sb.lastOperationParam).isEqualTo("provider-op-1");
  }
}
