package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResource;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Over real HTTP: a bind's application and {@code bind_resource}. The deprecated top-level
 * {@code app_guid} (OSB: deprecated in favour of {@code bind_resource.app_guid}; if present, a
 * non-empty string) is refused when empty, and when sent alone reaches the provider as the bind's
 * application, also for a rotation of that binding ({@link TestServiceBroker} answers 422
 * {@code RequiresApp} to a bind whose parameters say {@code requires-app} and whose request names
 * no application). The {@code bind_resource} fields the SDK hands to the provider as strings are
 * checked as the request's other fields are. OSB's {@code app_guid} (an application's GUID) and
 * {@code route} (a URL) and the Cloud Foundry profile's {@code space_guid} ("if present, MUST be
 * a non-empty string") are refused with 400 when they are not a string or are empty; IBM Cloud's
 * {@code account_id}, {@code serviceid_crn} and {@code target_crn} when they are not a string.
 * JSON null is absence, and a key no spec defines (Cloud Foundry's {@code credential_client_id})
 * is kept as sent, whatever its type.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BindResourceFieldsTest {
  private final AtomicReference<BindResource> received = new AtomicReference<>();
  private final TestServiceBroker sb = new TestServiceBroker() {
    @Override
    public BindResult bind(BindRequest request) {
      received.set(request.bindResource());
      return super.bind(request);
    }
  };
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

  /** Binds {@code bindingId} with {@code fields} next to the service and plan ids. */
  private Reply bind(String bindingId, String fields) {
    return server.call("PUT", instance + "/service_bindings/" + bindingId)
        .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\"," + fields + "}").send();
  }

  private Reply bind(String bindResource) {
    return bind(UUID.randomUUID().toString(), "\"bind_resource\":" + bindResource);
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
    assertThat(received.get().appGuid()).isEqualTo("app-1");
  }

  @Test
  void aRotationOfABindingMadeWithTheDeprecatedAppGuidNamesThatApplicationToTheProvider() {
    String first = UUID.randomUUID().toString();
    Reply bound = bind(first,
        "\"app_guid\":\"app-2\",\"parameters\":{\"fail\":\"requires-app\"}");
    assertThat(bound.status()).as(bound.toString()).isEqualTo(201);

    Reply rotated = server.call("PUT", instance + "/service_bindings/" + UUID.randomUUID())
        .json("{\"predecessor_binding_id\":\"" + first + "\"}").send();

    assertThat(rotated.status()).as(rotated.toString()).isEqualTo(201);
    assertThat(received.get().appGuid()).isEqualTo("app-2");
  }

  @Test
  void aBindResourceAppGuidStillNamesTheApplicationToTheProvider() {
    Reply r = bind(UUID.randomUUID().toString(), "\"bind_resource\":{\"app_guid\":\"app-3\"},"
        + "\"parameters\":{\"fail\":\"requires-app\"}");

    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  /** {@code field} set to each value is refused with 400 and {@code description}. */
  private void refused(String field, String value, String description) {
    int calls = sb.bindCalls.get();
    Reply r = bind("{\"" + field + "\":" + value + "}");

    assertThat(r.status()).as(field + " = " + value + ": " + r).isEqualTo(400);
    assertThat(r.json().get("description").asText()).isEqualTo(description);
    assertThat(sb.bindCalls).as("the provider is not called").hasValue(calls);
  }

  @ParameterizedTest
  @ValueSource(strings = {"app_guid", "route", "space_guid"})
  void aBindResourceIdThatIsNotAStringIsRefusedWith400(String field) {
    for (String value : new String[] {"5", "{\"guid\":\"app-1\"}", "[\"app-1\"]", "true"}) {
      refused(field, value, "The field 'bind_resource." + field + "' must be a string.");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"app_guid", "route", "space_guid"})
  void anEmptyBindResourceIdIsRefusedWith400(String field) {
    refused(field, "\"\"", "The field 'bind_resource." + field + "' must not be empty.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"account_id", "serviceid_crn", "target_crn"})
  void anIbmCloudBindResourceFieldThatIsNotAStringIsRefusedWith400(String field) {
    for (String value : new String[] {"5", "{}", "[]", "false"}) {
      refused(field, value, "The field 'bind_resource." + field + "' must be a string.");
    }
  }

  @Test
  void bindResourceFieldsSentAsStringsReachTheProvider() {
    Reply r = bind("{\"app_guid\":\"app-1\",\"route\":\"https://app.example\","
        + "\"space_guid\":\"space-1\",\"target_crn\":\"crn:v1:bluemix:public::::\"}");

    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(received.get().appGuid()).isEqualTo("app-1");
    assertThat(received.get().route()).isEqualTo("https://app.example");
    assertThat(received.get().targetCrn()).isEqualTo("crn:v1:bluemix:public::::");
  }

  @Test
  void aBindResourceFieldSentAsNullIsAbsent() {
    Reply r = bind("{\"app_guid\":null,\"route\":null}");

    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(received.get().appGuid()).isNull();
    assertThat(received.get().route()).isNull();
  }

  @Test
  void aBindResourceKeyNoSpecDefinesIsKeptAsSentWhateverItsType() {
    Reply r = bind("{\"app_guid\":\"app-2\",\"credential_client_id\":7,\"extra\":\"\"}");

    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(received.get().properties())
        .containsEntry("credential_client_id", 7).containsEntry("extra", "");
  }
}
