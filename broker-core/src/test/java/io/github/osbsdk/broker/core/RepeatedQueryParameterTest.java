package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * JAX-RS hands a resource the first value of a repeated query parameter, so the order of
 * conflicting values decided what the broker did: every OSB query parameter given twice is
 * refused with 400 naming it, on every endpoint, whatever the values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepeatedQueryParameterTest {
  private static final String BODY = ProvisionTest.body("plan-async", "{}");
  private final TestServiceBroker sb = new TestServiceBroker();
  private final TestServer server = TestServer.start(sb);

  @AfterAll
  void stop() {
    server.close();
  }

  private Reply send(String method, String pathAndQuery) {
    TestServer.Call call = server.call(method, pathAndQuery);
    return method.equals("PUT") || method.equals("PATCH") ? call.json(BODY).send() : call.send();
  }

  private void assertRefused(String method, String pathAndQuery, String parameter) {
    Reply r = send(method, pathAndQuery);
    assertThat(r.status()).as(method + " " + pathAndQuery + ": " + r).isEqualTo(400);
    assertThat(r.json().get("description").asText())
        .isEqualTo("The query parameter '" + parameter + "' is given more than once;"
            + " send it once.");
  }

  @Test
  void conflictingAcceptsIncompleteIsRefusedInEitherOrderAndStartsNothing() {
    String path = "/v2/service_instances/" + UUID.randomUUID();
    int provisions = sb.provisionCalls.get();
    assertRefused("PUT", path + "?accepts_incomplete=true&accepts_incomplete=false",
        "accepts_incomplete");
    assertRefused("PUT", path + "?accepts_incomplete=false&accepts_incomplete=true",
        "accepts_incomplete");
    assertThat(sb.provisionCalls.get()).isEqualTo(provisions);
    assertThat(send("GET", "/bluemix_v1/service_instances/" + path.substring(22)).status())
        .isEqualTo(404);
  }

  @Test
  void everyOsbQueryParameterGivenTwiceIsRefusedOnEveryEndpoint() {
    String instance = "/v2/service_instances/" + UUID.randomUUID();
    String binding = instance + "/service_bindings/" + UUID.randomUUID();
    String ids = "service_id=svc-1&plan_id=plan-async&accepts_incomplete=true&operation=op";
    String[][] endpoints = {
        {"PUT", instance}, {"PATCH", instance}, {"DELETE", instance}, {"GET", instance},
        {"GET", instance + "/last_operation"}, {"PUT", binding}, {"DELETE", binding},
        {"GET", binding}, {"GET", binding + "/last_operation"}};
    for (String[] endpoint : endpoints) {
      for (String parameter : new String[] {"accepts_incomplete", "service_id", "plan_id",
          "operation"}) {
        assertRefused(endpoint[0], endpoint[1] + "?" + ids + "&" + parameter + "=other",
            parameter);
      }
    }
  }

  @Test
  void identicalRepeatsAndEncodedNamesAreRefusedToo() {
    String instance = "/v2/service_instances/" + UUID.randomUUID();
    assertRefused("DELETE", instance + "?service_id=svc-1&plan_id=plan-async"
        + "&service_id=svc-1", "service_id");
    assertRefused("DELETE", instance + "?service_id=svc-1&plan_id=plan-async"
        + "&service%5Fid=bogus", "service_id");
    assertRefused("GET", instance + "/last_operation?operation&operation=x", "operation");
  }

  @Test
  void otherRepeatedParametersAndSingleOsbParametersAreServed() {
    String instance = "/v2/service_instances/" + UUID.randomUUID();
    Reply r = send("PUT", instance + "?accepts_incomplete=true&x=1&x=2");
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
  }
}
