package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Control characters in the headers the SDK reads, over HTTP on Grizzly, which hands them over
 * (Tomcat and Jetty refuse them themselves): none reaches the provider or a log as sent.
 */
class ControlCharactersInHeadersTest {
  private static final String IDENTITY_JSON = Base64.getEncoder()
      .encodeToString("{\"user_id\":\"u-1\"}".getBytes(StandardCharsets.UTF_8));
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

  /** Sends a provision with these extra header lines (each ending in CRLF). */
  private static String provision(String extraHeaderLines) {
    return provision(basic(TestServer.USER + ":" + TestServer.PASSWORD), extraHeaderLines);
  }

  private static String provision(String authorization, String extraHeaderLines) {
    return provision(UUID.randomUUID().toString(), authorization, extraHeaderLines);
  }

  private static String provision(String instanceId, String authorization,
      String extraHeaderLines) {
    return send("PUT", instanceId, authorization, extraHeaderLines,
        "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\",\"context\":"
        + "{\"platform\":\"ibmcloud\",\"account_id\":\"acct\",\"crn\":\"crn:v1:x\"}}");
  }

  private static String send(String method, String instanceId, String authorization,
      String extraHeaderLines, String body) {
    return server.raw(method + " /v2/service_instances/" + instanceId + " HTTP/1.1\r\n"
        + "Host: localhost\r\nConnection: close\r\nX-Broker-API-Version: 2.12\r\n"
        + "Authorization: " + authorization + "\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length() + "\r\n" + extraHeaderLines + "\r\n" + body);
  }

  private static String basic(String userAndPassword) {
    return "Basic " + Base64.getEncoder().encodeToString(
        userAndPassword.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void controlCharactersReachGrizzlysApplicationAsSentSoTheSdkMustRefuseThem() {
    // the premise: a header with 0x01 in it is served (the provision is created)
    String answer = provision("X-Unread-Header: a\u0001b\r\n");

    assertThat(answer).startsWith("HTTP/1.1 201");
  }

  @Test
  void originatingIdentityWithAControlCharacterInItsPlatformGets400BeforeTheProvider() {
    // an update without a context: no context.platform for the identity's platform to match
    String id = UUID.randomUUID().toString();
    assertThat(send("PUT", id, basic(TestServer.USER + ":" + TestServer.PASSWORD), "",
        "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\",\"context\":"
        + "{\"platform\":\"ibmcloud\",\"account_id\":\"acct\",\"crn\":\"crn:v1:x\"}}"))
        .startsWith("HTTP/1.1 201");
    provider.lastContext = null;

    String answer = send("PATCH", id, basic(TestServer.USER + ":" + TestServer.PASSWORD),
        "X-Broker-API-Originating-Identity: cloud\u0001foundry " + IDENTITY_JSON + "\r\n",
        "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\"}");

    assertThat(answer).startsWith("HTTP/1.1 400")
        .contains("X-Broker-API-Originating-Identity").doesNotContain("\u0001");
    assertThat(provider.lastContext).isNull();
  }

  @Test
  void regionWithAControlCharacterGets400NamingIt() {
    provider.lastContext = null;

    String answer = provision("X-Bluemix-Region: us\u001b[31m-south\r\n");

    assertThat(answer).startsWith("HTTP/1.1 400").contains(
        "The header X-Bluemix-Region must not contain control characters.");
    assertThat(provider.lastContext).isNull();
  }

  @Test
  void transactionIdWithAControlCharacterGets400NamingIt() {
    provider.lastContext = null;

    String answer = provision("Transaction-Id: tx\u0001-1\r\n");

    assertThat(answer).startsWith("HTTP/1.1 400").contains(
        "The header Transaction-Id must not contain control characters.");
    assertThat(provider.lastContext).isNull();
  }

  @Test
  void apiVersionWithAControlCharacterIsNamedWithAQuestionMarkInItsPlace() {
    String answer = server.raw("GET /v2/catalog HTTP/1.1\r\nHost: localhost\r\n"
        + "Connection: close\r\nX-Broker-API-Version: 2.1\u001b[2J7\r\nAuthorization: "
        + basic(TestServer.USER + ":" + TestServer.PASSWORD) + "\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 412")
        .contains("The API version '2.1?[2J7' is not supported")
        .doesNotContain("\u001b").doesNotContain("\\u001b").doesNotContain("\\u001B");
  }

  @Test
  void requestIdentityWithAControlCharacterIsReplacedNeverEchoed() {
    String answer = provision("X-Broker-API-Request-Identity: rid\u0001-7\r\n");

    assertThat(answer).startsWith("HTTP/1.1 201").doesNotContain("rid\u0001-7")
        .containsPattern("(?i)X-Broker-API-Request-Identity: [0-9a-f-]{36}\r\n");
    assertThat(provider.lastContext.requestId()).matches("[0-9a-f-]{36}");
  }

  @Test
  void credentialsWithAControlCharacterAreRefused() {
    provider.lastContext = null;

    String inPassword = provision(basic(TestServer.USER + ":" + TestServer.PASSWORD + "\u0001"),
        "");
    String inScheme = provision("Basic\u0001" + basic(TestServer.USER + ":"
        + TestServer.PASSWORD).substring(6), "");

    assertThat(inPassword).startsWith("HTTP/1.1 401");
    assertThat(inScheme).startsWith("HTTP/1.1 401");
    assertThat(provider.lastContext).isNull();
  }

  @Test
  void originatingIdentityWithAC1ControlCharacterInItsPlatformGets400BeforeTheProvider() {
    String id = UUID.randomUUID().toString();
    assertThat(provision(id, basic(TestServer.USER + ":" + TestServer.PASSWORD), ""))
        .startsWith("HTTP/1.1 201");
    provider.lastContext = null;

    // 0x85 (NEL) in Latin-1, as Grizzly decodes the byte
    String answer = send("PATCH", id, basic(TestServer.USER + ":" + TestServer.PASSWORD),
        "X-Broker-API-Originating-Identity: cloud\u0085foundry " + IDENTITY_JSON + "\r\n",
        "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\"}");

    assertThat(answer).startsWith("HTTP/1.1 400")
        .contains("X-Broker-API-Originating-Identity").doesNotContain("\u0085");
    assertThat(provider.lastContext).isNull();
  }

  @Test
  void regionWithAC1ControlCharacterGets400NamingIt() {
    provider.lastContext = null;

    String answer = provision("X-Bluemix-Region: us\u009b31m-south\r\n");

    assertThat(answer).startsWith("HTTP/1.1 400").contains(
        "The header X-Bluemix-Region must not contain control characters.");
    assertThat(provider.lastContext).isNull();
  }

  @Test
  void transactionIdWithAC1ControlCharacterGets400NamingIt() {
    provider.lastContext = null;

    String answer = provision("Transaction-Id: tx\u0085-1\r\n");

    assertThat(answer).startsWith("HTTP/1.1 400").contains(
        "The header Transaction-Id must not contain control characters.");
    assertThat(provider.lastContext).isNull();
  }

  @Test
  void regionOrTransactionIdBeyondAsciiGets400NamingIt() {
    // tokens at IBM Cloud: a byte from 0xA0 (obs-text to RFC 9110) is no region or id
    provider.lastContext = null;

    String region = provision("X-Bluemix-Region: us-s\u00e9uth\r\n");
    String transaction = provision("Transaction-Id: tx-\u00a0-1\r\n");

    assertThat(region).startsWith("HTTP/1.1 400").contains(
        "The header X-Bluemix-Region must hold printable ASCII characters only.");
    assertThat(transaction).startsWith("HTTP/1.1 400").contains(
        "The header Transaction-Id must hold printable ASCII characters only.");
    assertThat(provider.lastContext).isNull();
  }

  @Test
  void apiVersionWithAC1ControlCharacterIsNamedWithAQuestionMarkInItsPlace() {
    String answer = server.raw("GET /v2/catalog HTTP/1.1\r\nHost: localhost\r\n"
        + "Connection: close\r\nX-Broker-API-Version: 2.1\u009b2J\u00e97\r\nAuthorization: "
        + basic(TestServer.USER + ":" + TestServer.PASSWORD) + "\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 412")
        .contains("The API version '2.1?2J?7' is not supported")
        .doesNotContain("\u009b").doesNotContain("\u00e9");
  }

  @Test
  void requestIdentityWithAC1ControlCharacterIsReplacedNeverEchoed() {
    String answer = provision("X-Broker-API-Request-Identity: rid\u0085-7\r\n");

    assertThat(answer).startsWith("HTTP/1.1 201").doesNotContain("rid\u0085-7")
        .containsPattern("(?i)X-Broker-API-Request-Identity: [0-9a-f-]{36}\r\n");
    assertThat(provider.lastContext.requestId()).matches("[0-9a-f-]{36}");
  }

  @Test
  void valuesWithoutControlCharactersStillReachTheProvider() {
    String answer = provision("X-Broker-API-Originating-Identity: ibmcloud "
        + IDENTITY_JSON + "\r\nX-Bluemix-Region: us-south\r\nTransaction-Id: tx-1\r\n");

    assertThat(answer).startsWith("HTTP/1.1 201");
    assertThat(provider.lastContext.originatingIdentity().platform()).isEqualTo("ibmcloud");
    assertThat(provider.lastContext.region()).isEqualTo("us-south");
    assertThat(provider.lastContext.transactionId()).isEqualTo("tx-1");
  }
}
