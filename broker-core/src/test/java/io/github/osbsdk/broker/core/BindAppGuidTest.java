package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Over real HTTP: a bind's top-level {@code app_guid} (OSB: deprecated in favour of
 * {@code bind_resource.app_guid}; if present, a non-empty string) is refused when empty, and when
 * sent alone reaches the provider as the bind's application, also for a rotation of that binding.
 * {@link TestServiceBroker} answers 422 {@code RequiresApp} to a bind whose parameters say
 * {@code requires-app} and whose request names no application.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BindAppGuidTest {
  private final TestServiceBroker sb = new TestServiceBroker();
  private final TestServer server = TestServer.start(sb);
  private final String instance = "/v2/service_instances/" + UUID.randomUUID();

  @BeforeAll
  void provisioned() {
    Reply r = server.call("PUT", instance).json(ProvisionTest.body("plan-sync", "{}")).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private Reply bind(String bindingId, String fields) {
    return server.call("PUT", instance + "/service_bindings/" + bindingId)
        .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\"," + fields + "}").send();
  }

  @Test
  void aBindWithAnEmptyAppGuidIsRefusedWith400() {
    int calls = sb.bindCalls.get();
    Reply r = bind(UUID.randomUUID().toString(), "\"app_guid\":\"\"");

    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.json().get("description").asText())
        .isEqualTo("The field 'app_guid' must not be empty.");
    assertThat(sb.bindCalls).as("the provider is not called").hasValue(calls);
  }

  @Test
  void aBindSendingOnlyTheDeprecatedAppGuidNamesThatApplicationToTheProvider() {
    Reply r = bind(UUID.randomUUID().toString(),
        "\"app_guid\":\"app-1\",\"parameters\":{\"fail\":\"requires-app\"}");

    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  @Test
  void aRotationOfABindingMadeWithTheDeprecatedAppGuidNamesThatApplicationToTheProvider() {
    String first = UUID.randomUUID().toString();
    Reply bound = bind(first, "\"app_guid\":\"app-2\",\"parameters\":{\"fail\":\"requires-app\"}");
    assertThat(bound.status()).as(bound.toString()).isEqualTo(201);

    Reply rotated = server.call("PUT", instance + "/service_bindings/" + UUID.randomUUID())
        .json("{\"predecessor_binding_id\":\"" + first + "\"}").send();

    assertThat(rotated.status()).as(rotated.toString()).isEqualTo(201);
  }

  @Test
  void aBindResourceAppGuidStillNamesTheApplicationToTheProvider() {
    Reply r = bind(UUID.randomUUID().toString(),
        "\"bind_resource\":{\"app_guid\":\"app-3\"},\"parameters\":{\"fail\":\"requires-app\"}");

    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }
}
