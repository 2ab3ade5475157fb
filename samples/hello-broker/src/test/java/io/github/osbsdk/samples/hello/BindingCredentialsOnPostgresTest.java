package io.github.osbsdk.samples.hello;

import static io.github.osbsdk.samples.hello.HelloCatalog.SYNC_PLAN_ID;
import static io.github.osbsdk.samples.hello.OsbHttp.bindBody;
import static io.github.osbsdk.samples.hello.OsbHttp.crn;
import static io.github.osbsdk.samples.hello.OsbHttp.enc;
import static io.github.osbsdk.samples.hello.OsbHttp.ids;
import static io.github.osbsdk.samples.hello.OsbHttp.json;
import static io.github.osbsdk.samples.hello.OsbHttp.provisionBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.core.ReencryptionReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL the service's own table keeps only a digest of each binding's password, the SDK's
 * registry keeps the bind answer encrypted under the replicas' common key, and so every replica
 * answers fetches and repeated binds with the password while a dump of the tables opens nothing.
 */
class BindingCredentialsOnPostgresTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  @TempDir
  static Path dir;
  private static TestPostgres pg;
  private static HelloServer a;
  private static HelloServer b;
  private static OsbHttp onA;
  private static OsbHttp onB;

  @BeforeAll
  static void start() {
    pg = TestPostgres.start(dir);
    HelloConfig config = HelloConfig.local("platform", "s3cret", Duration.ofMillis(300))
        .withState(pg.settings(LEASE));
    a = HelloServer.start(config);
    b = HelloServer.start(config);
    onA = new OsbHttp(a.baseUri(), "platform", "s3cret");
    onB = new OsbHttp(b.baseUri(), "platform", "s3cret");
  }

  @AfterAll
  static void stop() {
    pg.closeAfter(a, b);
  }

  /** A provisioned instance and one binding on replica A. */
  private record Bound(String instanceId, String path, String bindingPath, JsonNode credentials) {
    String auth() {
      return OsbHttp.basic(credentials.path("username").asText(),
          credentials.path("password").asText());
    }

    String password() {
      return credentials.path("password").asText();
    }

    String data(HelloServer server, String key) {
      return server.baseUri() + "/data/" + enc(instanceId) + "/" + key;
    }
  }

  private static Map<String, Object> map(JsonNode node) {
    return OsbHttp.JSON.convertValue(node, new TypeReference<Map<String, Object>>() {});
  }

  private static Bound bindOnA(String kind, String parameters) {
    String id = crn(kind);
    String path = "/v2/service_instances/" + enc(id);
    assertThat(onA.osb("PUT", path, provisionBody(SYNC_PLAN_ID, "{}")).statusCode())
        .isEqualTo(201);
    String bindingPath = path + "/service_bindings/k1";
    HttpResponse<String> bound = onA.osb("PUT", bindingPath, bindBody(SYNC_PLAN_ID, parameters));
    assertThat(bound.statusCode()).isEqualTo(201);
    JsonNode c = json(bound).path("credentials");
    assertThat(c.path("password").asText()).isNotEmpty();
    return new Bound(id, path, bindingPath, c);
  }

  @Test
  void afterABindTheServiceTableHoldsOnlyADigestOfThePassword() throws SQLException {
    Bound bound = bindOnA("digest", "{}");
    String password = bound.password();
    try (Connection c = pg.dataSource().getConnection()) {
      List<String> columns = new ArrayList<>();
      try (PreparedStatement st = c.prepareStatement("SELECT column_name FROM"
          + " information_schema.columns WHERE table_name = 'hello_binding'");
          ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
      assertThat(columns).contains("password_sha256").doesNotContain("password");

      try (PreparedStatement st = c.prepareStatement(
          "SELECT * FROM hello_binding WHERE instance_id = ?")) {
        st.setString(1, bound.instanceId());
        try (ResultSet rs = st.executeQuery()) {
          assertThat(rs.next()).isTrue();
          ResultSetMetaData meta = rs.getMetaData();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            assertThat(String.valueOf(rs.getString(i))).as(meta.getColumnName(i))
                .doesNotContain(password);
          }
          assertThat(rs.getBytes("password_sha256"))
              .isEqualTo(BindingCredentials.sha256(password));
          assertThat(rs.next()).isFalse();
        }
      }
      // the SDK's copy of the bind answer is a ciphertext
      try (PreparedStatement st = c.prepareStatement(
          "SELECT credentials FROM osb_binding WHERE instance_id = ?")) {
        st.setString(1, bound.instanceId());
        try (ResultSet rs = st.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isNotBlank().doesNotContain(password)
              .doesNotContain(bound.credentials().path("username").asText());
        }
      }
    }
  }

  @Test
  void aKeyWithAControlCharacterIsBadRequestNotAServerError() {
    // PostgreSQL's text cannot keep U+0000: this was a 500 from the database before
    Bound bound = bindOnA("ctl", "{}");
    for (String key : new String[] {"a%00b", "a%0Ab", "%7F"}) {
      HttpResponse<String> put = OsbHttp.data("PUT", bound.data(a, key), bound.auth(), "x");
      assertThat(put.statusCode()).as(key).isEqualTo(400);
      assertThat(put.body()).contains("control characters");
      assertThat(OsbHttp.data("GET", bound.data(b, key), bound.auth(), null).statusCode())
          .as(key).isEqualTo(400);
    }
    assertThat(OsbHttp.data("PUT", bound.data(a, "tab-free"), bound.auth(), "x").statusCode())
        .isEqualTo(204);
  }

  @Test
  void theDataEndpointAcceptsTheBoundPasswordOnEveryReplicaAndRefusesAWrongOne() {
    Bound bound = bindOnA("data", "{}");
    assertThat(OsbHttp.data("PUT", bound.data(a, "greeting"), bound.auth(), "hello")
        .statusCode()).isEqualTo(204);
    HttpResponse<String> read = OsbHttp.data("GET", bound.data(b, "greeting"), bound.auth(),
        null);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).isEqualTo("hello");

    String user = bound.credentials().path("username").asText();
    for (String wrong : new String[] {"wrong", "", bound.password().substring(1),
        bound.password() + "x"}) {
      assertThat(OsbHttp.data("GET", bound.data(b, "greeting"), OsbHttp.basic(user, wrong),
          null).statusCode()).as(wrong).isEqualTo(401);
    }
  }

  @Test
  void fetchAndAnIdenticalRepeatedBindAnswerTheBindPasswordOnBothReplicas() {
    Bound bound = bindOnA("fetch", "{\"read_only\":true}");
    Map<String, Object> answered = map(bound.credentials());
    assertThat(answered).containsOnlyKeys("url", "username", "password", "read_only");

    for (OsbHttp osb : List.of(onA, onB)) {
      HttpResponse<String> fetched = osb.osb("GET", bound.bindingPath(), null);
      assertThat(fetched.statusCode()).isEqualTo(200);
      assertThat(map(json(fetched).path("credentials")))
          .isEqualTo(answered);

      HttpResponse<String> repeated = osb.osb("PUT", bound.bindingPath(),
          bindBody(SYNC_PLAN_ID, "{\"read_only\":true}"));
      assertThat(repeated.statusCode()).isEqualTo(200);
      assertThat(map(json(repeated).path("credentials")))
          .isEqualTo(answered);
    }
    // the repeat generated nothing new: the answered password still opens the data
    assertThat(OsbHttp.data("GET", bound.data(b, "k"), bound.auth(), null).statusCode())
        .isEqualTo(404);
    // and a different bind under the same id is still a conflict
    assertThat(onB.osb("PUT", bound.bindingPath(), bindBody(SYNC_PLAN_ID, "{}")).statusCode())
        .isEqualTo(409);
  }

  @Test
  void aReplicaWithANewKeyAndTheOldOneAsPreviousAnswersCredentialsStoredBefore() {
    Bound bound = bindOnA("rotate", "{}");
    javax.crypto.SecretKey newKey = StateSettings.parseCredentialsKey(
        "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=");
    StateSettings base = pg.settings(LEASE);
    StateSettings rotated = new StateSettings(base.databaseUrl(), base.databaseUser(),
        base.databasePassword(), LEASE, newKey, List.of(pg.credentialsKey()));
    HelloServer c = HelloServer.start(HelloConfig.local("platform", "s3cret",
        Duration.ofMillis(300)).withState(rotated));
    try {
      OsbHttp onC = new OsbHttp(c.baseUri(), "platform", "s3cret");
      HttpResponse<String> fetched = onC.osb("GET", bound.bindingPath(), null);
      assertThat(fetched.statusCode()).isEqualTo(200);
      assertThat(json(fetched).path("credentials").path("password").asText())
          .isEqualTo(bound.password());
      // a binding made on the rotated replica is stored under the new key only
      String second = bound.path() + "/service_bindings/k2";
      HttpResponse<String> made = onC.osb("PUT", second, bindBody(SYNC_PLAN_ID, "{}"));
      assertThat(made.statusCode()).isEqualTo(201);
      HttpResponse<String> again = onC.osb("GET", second, null);
      assertThat(json(again).path("credentials").path("password").asText())
          .isEqualTo(json(made).path("credentials").path("password").asText());
      assertThat(onA.osb("GET", second, null).statusCode()).isEqualTo(500);
      assertThat(onC.osb("DELETE", second + "?" + ids(SYNC_PLAN_ID), null).statusCode())
          .isEqualTo(200);
    } finally {
      c.close();
    }
  }

  private static HelloServer replica(javax.crypto.SecretKey key,
      List<javax.crypto.SecretKey> previous, boolean reencrypt) {
    StateSettings base = pg.settings(LEASE);
    return HelloServer.start(HelloConfig.local("platform", "s3cret", Duration.ofMillis(300))
        .withState(new StateSettings(base.databaseUrl(), base.databaseUser(),
            base.databasePassword(), LEASE, key, previous, reencrypt)));
  }

  private static ReencryptionReport reencryptedBy(HelloServer server) throws Exception {
    ReencryptionReport report = server.credentialReencryption().get(60, TimeUnit.SECONDS);
    assertThat(report).isNotNull();
    assertThat(report.complete()).isTrue();
    return report;
  }

  @Test
  void reencryptionRetiresTheOldKeyAndARunBackRestoresIt() throws Exception {
    Bound bound = bindOnA("reencrypt", "{}");
    javax.crypto.SecretKey oldKey = pg.credentialsKey();
    javax.crypto.SecretKey newKey = StateSettings.parseCredentialsKey(
        "ICAfHh0cGxoZGBcWFRQTEhEQDw4NDAsKCQgHBgUEAwI=");
    // step 3 of the key change: one replica with the new key and the old one as previous
    // rewrites what the old key opens
    HelloServer rotating = replica(newKey, List.of(oldKey), true);
    try {
      assertThat(reencryptedBy(rotating).rewritten()).isPositive();
    } finally {
      rotating.close();
    }
    HelloServer newOnly = replica(newKey, List.of(), false);
    try {
      HttpResponse<String> fetched = new OsbHttp(newOnly.baseUri(), "platform", "s3cret")
          .osb("GET", bound.bindingPath(), null);
      assertThat(fetched.statusCode()).isEqualTo(200);
      assertThat(json(fetched).path("credentials").path("password").asText())
          .isEqualTo(bound.password());
    } finally {
      newOnly.close();
    }
    // replicas A and B still have only the old key: 500, never an answer without credentials
    assertThat(onB.osb("GET", bound.bindingPath(), null).statusCode()).isEqualTo(500);
    // and back, so A and B read every binding again
    HelloServer back = replica(oldKey, List.of(newKey), true);
    try {
      assertThat(reencryptedBy(back).rewritten()).isPositive();
    } finally {
      back.close();
    }
    HttpResponse<String> fetched = onA.osb("GET", bound.bindingPath(), null);
    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(json(fetched).path("credentials").path("password").asText())
        .isEqualTo(bound.password());
  }

  @Test
  void unbindOnOneReplicaRevokesThePasswordOnTheOther() {
    Bound bound = bindOnA("unbind", "{}");
    assertThat(OsbHttp.data("GET", bound.data(a, "k"), bound.auth(), null).statusCode())
        .isEqualTo(404);
    assertThat(onB.osb("DELETE", bound.bindingPath() + "?" + ids(SYNC_PLAN_ID), null)
        .statusCode()).isEqualTo(200);
    assertThat(OsbHttp.data("GET", bound.data(a, "k"), bound.auth(), null).statusCode())
        .isEqualTo(401);
    assertThat(onA.osb("GET", bound.bindingPath(), null).statusCode()).isEqualTo(404);
  }

  @Test
  void deprovisionOnOneReplicaRevokesThePasswordOnTheOther() {
    Bound bound = bindOnA("deprovision", "{}");
    assertThat(OsbHttp.data("PUT", bound.data(a, "k"), bound.auth(), "v").statusCode())
        .isEqualTo(204);
    assertThat(onB.osb("DELETE", bound.path() + "?" + ids(SYNC_PLAN_ID), null).statusCode())
        .isEqualTo(200);
    assertThat(OsbHttp.data("GET", bound.data(a, "k"), bound.auth(), null).statusCode())
        .isEqualTo(401);
  }

  @Test
  void aBindingWithoutACopyInTheRegistryIsFetchedWithoutItsPasswordWhichStillWorks()
      throws SQLException {
    // as a binding made before the sample stored credentials in the SDK's registry
    Bound bound = bindOnA("old", "{}");
    try (Connection c = pg.dataSource().getConnection();
        PreparedStatement st = c.prepareStatement(
            "UPDATE osb_binding SET credentials = NULL WHERE instance_id = ?")) {
      st.setString(1, bound.instanceId());
      assertThat(st.executeUpdate()).isEqualTo(1);
    }
    for (HttpResponse<String> answer : List.of(onB.osb("GET", bound.bindingPath(), null),
        onB.osb("PUT", bound.bindingPath(), bindBody(SYNC_PLAN_ID, "{}")))) {
      assertThat(answer.statusCode()).isEqualTo(200);
      JsonNode c = json(answer).path("credentials");
      assertThat(map(c)).containsOnlyKeys("url", "username",
          "read_only");
      assertThat(c.path("username").asText())
          .isEqualTo(bound.credentials().path("username").asText());
      assertThat(c.path("url").asText()).isEqualTo(bound.credentials().path("url").asText());
    }
    assertThat(OsbHttp.data("GET", bound.data(b, "k"), bound.auth(), null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void aBrokerOnADatabaseWithoutTheCredentialsKeyDoesNotStart() {
    try (HelloState state = HelloState.open(pg.settings(LEASE))) {
      HelloConfig inMemoryConfig = HelloConfig.local("platform", "s3cret", Duration.ZERO);
      assertThatThrownBy(() -> HelloBroker.broker(inMemoryConfig, state, DataUsage.NONE,
          () -> "http://localhost"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("every replica needs the same BROKER_CREDENTIALS_KEY");
    }
    assertThatThrownBy(() -> HelloConfig.fromEnvironment(Map.of("BROKER_AUTH", "basic",
        "BROKER_PASSWORD", "pw", // required with a database, like the key
        "BROKER_DATABASE_URL", pg.jdbcUrl(), "BROKER_DATABASE_USER", "postgres")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BROKER_CREDENTIALS_KEY is required with BROKER_DATABASE_URL");
  }

  @Test
  void aReplicaStartedWithAnotherKeyExitsWithOneLineAndTheOthersStillAnswer() {
    Bound bound = bindOnA("other-key", "{}");
    String otherKey = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    HelloBrokerMain.Started started = HelloBrokerMain.start(Map.of("BROKER_DATABASE_URL",
        pg.jdbcUrl(), "BROKER_DATABASE_USER", "postgres", "BROKER_CREDENTIALS_KEY", otherKey,
        "BROKER_AUTH", "basic", "BROKER_PASSWORD", "pw", "HOST", "127.0.0.1", "PORT", "0"),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    if (started.server() != null) {
      started.server().close();
    }
    assertThat(started.exitStatus()).isEqualTo(HelloBrokerMain.CANNOT_START);
    String text = err.toString(StandardCharsets.UTF_8);
    assertThat(text).startsWith("hello-broker: cannot start: the configured credential key does"
        + " not match the binding credentials already stored")
        .contains("BROKER_CREDENTIALS_KEY must be the same on every replica")
        .contains("BROKER_CREDENTIALS_PREVIOUS_KEYS").doesNotContain(otherKey)
        .doesNotContain(bound.password()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(text.strip()).doesNotContain("\n");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("State: PostgreSQL");
    HttpResponse<String> fetched = onB.osb("GET", bound.bindingPath(), null);
    assertThat(json(fetched).path("credentials").path("password").asText())
        .isEqualTo(bound.password());
  }
}
