package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Control characters inside the JSON of {@code X-Broker-API-Originating-Identity}, over HTTP:
 * an identity's ids, names and groups have no use for them, and a provider that logs its user's
 * id would write them as sent, so the request gets 400 naming the property, before the provider.
 */
class ControlCharactersInOriginatingIdentityTest {
  private static final String HEADER = "X-Broker-API-Originating-Identity";
  private static TestServer server;
  private static TestServiceBroker provider;

  @BeforeAll
  static void start() {
    provider = new TestServiceBroker();
    server = TestServer.start(provider);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void forget() {
    provider.lastContext = null;
  }

  /** A Kubernetes provision carrying this identity JSON (written as the platform sends it). */
  private static Reply provision(String identityJson) {
    return server.call("PUT", "/v2/service_instances/" + UUID.randomUUID())
        .header(HEADER, "kubernetes " + Base64.getEncoder()
            .encodeToString(identityJson.getBytes(StandardCharsets.UTF_8)))
        .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\",\"context\":"
            + "{\"platform\":\"kubernetes\",\"namespace\":\"ns\"}}")
        .send();
  }

  private static String description(Reply r) {
    return r.json().path("description").asText();
  }

  @Test
  void escapedControlCharacterInAValueGets400NamingThePropertyBeforeTheProvider() {
    Reply r = provision("{\"username\":\"a\\u0001b\",\"uid\":\"7\"}");

    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(description(r)).isEqualTo("The header " + HEADER + " holds a control character"
        + " in username; an identity's values may hold none.");
    assertThat(r.body()).doesNotContain("\\u0001");
    assertThat(provider.lastContext).isNull();
  }

  @Test
  void lineBreakOrC1ControlSentAsUtf8Gets400NamingTheProperty() {
    // a raw NEL (C2 85 in UTF-8) and a Unicode line separator, which JSON lets through unescaped
    Reply nel = provision("{\"username\":\"a\u0085b\"}");
    Reply separator = provision("{\"username\":\"u\",\"uid\":\"7\u2028x\"}");
    Reply newline = provision("{\"username\":\"u\\n\"}");

    assertThat(nel.status()).as(nel.toString()).isEqualTo(400);
    assertThat(description(nel)).contains(" in username;");
    assertThat(separator.status()).as(separator.toString()).isEqualTo(400);
    assertThat(description(separator)).contains(" in uid;");
    assertThat(newline.status()).as(newline.toString()).isEqualTo(400);
    assertThat(description(newline)).contains(" in username;");
    assertThat(provider.lastContext).isNull();
  }

  @Test
  void controlCharacterDeepInsideGets400NamingItsPath() {
    Reply r = provision("{\"username\":\"u\",\"groups\":[\"dev\",\"ops\"],"
        + "\"extra\":{\"scopes\":[\"read\",\"wr\\u001bite\"]}}");

    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(description(r)).contains(" in extra.scopes[1];");
    assertThat(provider.lastContext).isNull();
  }

  @Test
  void controlCharacterInAPropertyNameGets400ShowingItEscaped() {
    Reply r = provision("{\"username\":\"u\",\"extra\":{\"a\\u0007b\":[\"x\"]}}");

    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(description(r)).isEqualTo("The header " + HEADER + " holds a control character"
        + " in the name of extra.a\\u0007b; an identity's values may hold none.");
    assertThat(r.body()).doesNotContain("\u0007");
    assertThat(provider.lastContext).isNull();
  }

  @Test
  void unicodeNamesNumbersAndNullsStillReachTheProvider() {
    Reply r = provision("{\"username\":\"Zo\u00eb \u674e \u05e9\u05dc\u05d5\u05dd\","
        + "\"uid\":7,\"groups\":[\"d\u00e9v\"],\"extra\":{\"flag\":true,\"none\":null}}");

    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(provider.lastContext.originatingIdentity().username())
        .isEqualTo("Zo\u00eb \u674e \u05e9\u05dc\u05d5\u05dd");
  }
}
