package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Ids in paths (instance and binding ids, decoded once), in id fields of bodies and in query
 * parameters: CRNs round-trip, and bad percent-encoding, control characters and ids over 1024
 * bytes are refused with 400 before any provider call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdValidationTest {
  private final TestServiceBroker sb = new TestServiceBroker();
  private final TestServer server = TestServer.start(sb);

  @AfterAll
  void stop() {
    server.close();
  }

  private Reply provision(String id, String json) {
    return server.call("PUT", "/v2/service_instances/" + id).json(json).send();
  }

  @Test
  void crnInstanceIdsRoundTripUnchanged() {
    String crn = "crn:v1:bluemix:public:svc:us-south:a/acct:guid::";
    String encoded = "crn%3Av1%3Abluemix%3Apublic%3Asvc%3Aus-south%3Aa%2Facct%3Aguid%3A%3A";
    assertThat(provision(encoded, body("plan-sync", "{}")).status()).isEqualTo(201);
    assertThat(sb.instances).containsKey(crn);
    Reply fetch = server.call("GET", "/v2/service_instances/" + encoded).send();
    assertThat(fetch.status()).isEqualTo(200);
    assertThat(server.call("GET", "/bluemix_v1/service_instances/" + encoded).send().status())
        .isEqualTo(200);
    assertThat(server.call("DELETE", "/v2/service_instances/" + encoded
        + "?service_id=svc-1&plan_id=plan-sync").send().status()).isEqualTo(200);
    assertThat(sb.instances).doesNotContainKey(crn);
  }

  @Test
  void idsOfOnlyNoBreakSpacesOrZeroWidthCharactersAreBlankBadRequests() {
    int provisions = sb.provisionCalls.get();
    // U+00A0, U+2007, U+202F, U+200B, U+FEFF, U+2060, and a no-break space with a zero-width one
    for (String blank : new String[] {"%C2%A0", "%E2%80%87", "%E2%80%AF", "%E2%80%8B",
        "%EF%BB%BF", "%E2%81%A0", "%C2%A0%E2%80%8B%C2%A0"}) {
      Reply r = provision(blank, body("plan-sync", "{}"));
      assertThat(r.status()).as(blank + ": " + r).isEqualTo(400);
      assertThat(r.json().get("description").asText())
          .isEqualTo("The instance_id in the path must not be blank.");
    }
    assertThat(sb.provisionCalls.get()).isEqualTo(provisions);
    String iid = id();
    assertThat(provision(iid, body("plan-sync", "{}")).status()).isEqualTo(201);
    Reply bind = server.call("PUT", "/v2/service_instances/" + iid
        + "/service_bindings/%E2%80%AF%E2%80%8B").json(
            "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\"}").send();
    assertThat(bind.status()).as(bind.toString()).isEqualTo(400);
    assertThat(bind.json().get("description").asText())
        .isEqualTo("The binding_id in the path must not be blank.");
    Reply named = server.call("PUT", "/v2/service_instances/" + iid
        + "/service_bindings/a%C2%A0b").json(
            "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\"}").send();
    assertThat(named.status()).as("an id with other characters: " + named).isEqualTo(201);
  }

  @Test
  void blankIdsInPathsAreBadRequestAndReachNoProvider() {
    int provisions = sb.provisionCalls.get();
    for (String blank : new String[] {"%20", "%20%20%20"}) {
      Reply r = provision(blank, body("plan-sync", "{}"));
      assertThat(r.status()).as(blank + ": " + r).isEqualTo(400);
    }
    Reply space = provision("%20", body("plan-sync", "{}"));
    assertThat(space.json().get("description").asText())
        .isEqualTo("The instance_id in the path must not be blank.");
    assertThat(sb.provisionCalls.get()).isEqualTo(provisions);
    String iid = id();
    assertThat(provision(iid, body("plan-sync", "{}")).status()).isEqualTo(201);
    Reply bind = server.call("PUT", "/v2/service_instances/" + iid + "/service_bindings/%20")
        .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\"}").send();
    assertThat(bind.status()).as(bind.toString()).isEqualTo(400);
    assertThat(bind.json().get("description").asText())
        .isEqualTo("The binding_id in the path must not be blank.");
    assertThat(server.call("GET", "/v2/service_instances/%20").send().status()).isEqualTo(400);
    assertThat(server.call("GET", "/bluemix_v1/service_instances/%20").send().status())
        .isEqualTo(400);
  }

  @Test
  void invalidPercentEncodingIsRefused() {
    Reply utf8 = provision("abc%FF%FE", body("plan-sync", "{}"));
    assertThat(utf8.status()).isEqualTo(400);
    assertThat(utf8.json().get("description").asText()).contains("percent-encoded");
    String raw = server.raw("PUT /v2/service_instances/abc%ZZ HTTP/1.1\r\nHost: x\r\n"
        + "X-Broker-API-Version: 2.17\r\nAuthorization: Basic " + Base64.getEncoder()
            .encodeToString("platform:s3cret".getBytes(StandardCharsets.UTF_8))
        + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    // malformed escapes are refused by the container (Grizzly: 500) before the SDK sees them
    assertThat(raw).matches("(?s)HTTP/1.1 [45]\\d\\d.*");
  }

  @Test
  void controlCharactersInIdsAndIdFieldsAreBadRequestAndReachNoProvider() {
    int provisions = sb.provisionCalls.get();
    int binds = sb.bindCalls.get();
    for (String id : new String[] {"a%00b", "a%0Ab", "a%7F", "a%1Fb"}) {
      Reply r = provision(id, body("plan-sync", "{}"));
      assertThat(r.status()).as(id + ": " + r).isEqualTo(400);
      assertThat(r.json().get("description").asText())
          .isEqualTo("The instance_id in the path must not contain control characters.");
      assertThat(server.call("GET", "/v2/service_instances/" + id).send().status()).isEqualTo(400);
      assertThat(server.call("DELETE", "/v2/service_instances/" + id
          + "?service_id=svc-1&plan_id=plan-sync").send().status()).isEqualTo(400);
    }
    Reply org = provision(id(), "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
        + "\"organization_guid\":\"o\\u0000\",\"space_guid\":\"s\"}");
    assertThat(org.status()).isEqualTo(400);
    assertThat(org.json().get("description").asText())
        .isEqualTo("The field 'organization_guid' must not contain control characters.");
    String id = id();
    assertThat(provision(id, body("plan-sync", "{}")).status()).isEqualTo(201);
    Reply binding = server.call("PUT", "/v2/service_instances/" + id + "/service_bindings/b%00")
        .json(body("plan-sync", "{}")).send();
    assertThat(binding.status()).isEqualTo(400);
    assertThat(binding.json().get("description").asText()).contains("binding_id");
    Reply appGuid = server.call("PUT", "/v2/service_instances/" + id + "/service_bindings/b1")
        .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\",\"app_guid\":\"a\\u0001\"}")
        .send();
    assertThat(appGuid.status()).isEqualTo(400);
    assertThat(appGuid.json().get("description").asText()).contains("'app_guid'");
    Reply resourceApp = server.call("PUT", "/v2/service_instances/" + id
        + "/service_bindings/b2").json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
        + "\"bind_resource\":{\"app_guid\":\"a\\u0000\"}}").send();
    assertThat(resourceApp.status()).as(resourceApp.toString()).isEqualTo(400);
    assertThat(resourceApp.json().get("description").asText())
        .isEqualTo("The field 'bind_resource.app_guid' must not contain control characters.");
    Reply poll = server.call("GET", "/v2/service_instances/" + id
        + "/last_operation?operation=op%00").send();
    assertThat(poll.status()).isEqualTo(400);
    assertThat(poll.json().get("description").asText())
        .isEqualTo("The query parameter 'operation' must not contain control characters.");
    assertThat(sb.provisionCalls.get()).isEqualTo(provisions + 1);
    assertThat(sb.bindCalls.get()).isEqualTo(binds);
    // free text may hold them: a maintenance_info description is the catalog's prose
    assertThat(provision(id(), "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
        + "\"context\":{},\"parameters\":{\"note\":\"line 1\\nline 2\"}}").status())
        .isEqualTo(201);
  }

  @Test
  void idsLongerThan1024BytesOfUtf8AreBadRequest() {
    String ascii = "a".repeat(1024);
    assertThat(provision(ascii, body("plan-sync", "{}")).status()).isEqualTo(201);
    Reply tooLong = provision(ascii + "b", body("plan-sync", "{}"));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().get("description").asText())
        .isEqualTo("The instance_id in the path is longer than 1024 bytes (UTF-8).");
    // 342 characters of three bytes each: 1,026 bytes
    String wide = URLEncoder.encode("\u20ac".repeat(342), StandardCharsets.UTF_8);
    assertThat(provision(wide, body("plan-sync", "{}")).status()).isEqualTo(400);
    Reply binding = server.call("PUT", "/v2/service_instances/" + ascii + "/service_bindings/"
        + "b".repeat(1025)).json(body("plan-sync", "{}")).send();
    assertThat(binding.status()).isEqualTo(400);
    assertThat(binding.json().get("description").asText()).contains("binding_id");
  }
}
