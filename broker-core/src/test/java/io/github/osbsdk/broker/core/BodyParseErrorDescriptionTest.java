package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * IBM Cloud shows an error's description to its customer: a body that is not valid JSON is
 * described in plain words, never with the parser's class, feature or option names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BodyParseErrorDescriptionTest {
  private final TestServiceBroker sb = new TestServiceBroker();
  private final TestServer server = TestServer.start(sb);

  @AfterAll
  void stop() {
    server.close();
  }

  /** Sends a provision with this body and returns the description of its 400. */
  private String refused(String json) {
    int provisions = sb.provisionCalls.get();
    Reply r = server.call("PUT", "/v2/service_instances/" + UUID.randomUUID()).json(json).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(sb.provisionCalls.get()).isEqualTo(provisions);
    String description = r.json().get("description").asText();
    assertThat(description).as(r.toString()).startsWith("The request body is not valid JSON: ")
        .doesNotContain("com.fasterxml").doesNotContain("Feature").doesNotContain("`")
        .doesNotContain("java.").doesNotContain("Jackson").doesNotContain("[Source");
    return description;
  }

  @Test
  void trailingContentAfterTheObjectIsDescribedWithItsPosition() {
    String body = ProvisionTest.body("plan-sync", "{}");
    assertThat(refused(body + " {\"x\":1}")).isEqualTo("The request body is not valid JSON:"
        + " trailing content after the object at line 1, column " + (body.length() + 2) + ".");
  }

  @Test
  void tooDeeplyNestedBodyNamesTheDepthLimit() {
    String deep = "[".repeat(1500) + "]".repeat(1500);
    assertThat(refused(ProvisionTest.body("plan-sync", "{\"a\":" + deep + "}")))
        .matches(".*nested deeper than \\d+ levels\\.");
  }

  @Test
  void tooLongNumberNamesTheDigitLimit() {
    assertThat(refused(ProvisionTest.body("plan-sync", "{\"a\":" + "9".repeat(1500) + "}")))
        .matches(".*a number longer than \\d+ digits\\.");
  }

  @Test
  void notANumberIsDescribedAsNoJsonNumber() {
    assertThat(refused(ProvisionTest.body("plan-sync", "{\"a\":NaN}")))
        .contains("NaN and Infinity are not JSON numbers");
    assertThat(refused(ProvisionTest.body("plan-sync", "{\"a\":-Infinity}")))
        .contains("NaN and Infinity are not JSON numbers");
  }

  @Test
  void otherSyntaxErrorsAreDescribedWithoutParserOptions() {
    String[] bodies = {
        ProvisionTest.body("plan-sync", "{'a':1}"),
        ProvisionTest.body("plan-sync", "{/* c */}"),
        ProvisionTest.body("plan-sync", "{\"a\":+1}"),
        ProvisionTest.body("plan-sync", "{\"a\":01}"),
        ProvisionTest.body("plan-sync", "{\"a\":.5}"),
        ProvisionTest.body("plan-sync", "{\"a\":\"x\ty\"}"),
        ProvisionTest.body("plan-sync", "{\"a\":\"\\q\"}"),
        ProvisionTest.body("plan-sync", "{\"a\":[1,]}"),
        ProvisionTest.body("plan-sync", "{\"a\":1,}"),
        ProvisionTest.body("plan-sync", "{\"a\":tru}"),
        "{\"service_id\":\"svc-1\"",
    };
    for (String body : bodies) {
      assertThat(refused(body)).as(body).matches(".* at line \\d+, column \\d+\\.");
    }
  }
}
