package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What PostgreSQL cannot keep. Its {@code text} cannot hold U+0000: before the SDK refused
 * control characters in ids and id fields, such a request reached the database and was answered
 * 500; now it is answered 400 with an OSB error body on PostgreSQL as in memory, and nothing is
 * written. Inside JSON values (parameters, context) the character is kept, escaped, and read
 * back unchanged. And a B-tree index entry holds at most 2,704 bytes: ids over 1,024 bytes
 * (UTF-8) are 400, and an instance and a binding id of that length are kept.
 */
class TextPostgresCannotKeepTest {
  /** The SDK's limit on an id's length, in bytes of UTF-8. */
  private static final int MAX_ID_BYTES = 1024;
  private final CountingProvider provider = new CountingProvider(true);
  private ReplicaServer replica;

  @BeforeEach
  void start() {
    replica = ReplicaServer.onTestDatabase("nul", pool -> ReplicaServer.replica(provider, pool));
  }

  @AfterEach
  void stop() {
    provider.release();
    replica.close();
  }

  private static String body(String extra) {
    return "{\"service_id\":\"" + CountingProvider.SERVICE + "\",\"plan_id\":\"sync\"" + extra
        + "}";
  }

  @Test
  void nulInIdsAndIdFieldsIsBadRequestNotAServerErrorAndWritesNothing() throws SQLException {
    String ready = UUID.randomUUID().toString();
    assertThat(replica.provision(ready, "sync", false).status()).isEqualTo(201);
    long rows = rows();
    int calls = provider.provisions.get();
    Reply[] refused = {
        replica.send("PUT", "/v2/service_instances/a%00b", body(",\"context\":{}")),
        replica.send("PUT", "/v2/service_instances/" + UUID.randomUUID(),
            body(",\"organization_guid\":\"o\\u0000\",\"space_guid\":\"s\"")),
        replica.send("GET", "/v2/service_instances/a%00b", null),
        replica.send("DELETE", "/v2/service_instances/a%00b?service_id="
            + CountingProvider.SERVICE + "&plan_id=sync", null),
        replica.send("PUT", "/v2/service_instances/" + ready + "/service_bindings/b%00", body("")),
        replica.send("PUT", "/v2/service_instances/" + ready + "/service_bindings/b1",
            body(",\"app_guid\":\"\\u0000\"")),
        replica.send("PUT", "/v2/service_instances/" + ready + "/service_bindings/b2",
            body(",\"bind_resource\":{\"app_guid\":\"a\\u0000\"}")),
        replica.lastOperation(ready, "op%00"),
        replica.send("PUT", "/bluemix_v1/service_instances/a%00b", "{\"enabled\":false}"),
    };
    for (Reply r : refused) {
      assertThat(r.status()).as(r.toString()).isEqualTo(400);
      assertThat(r.json().get("description").asText()).contains("control characters");
    }
    assertThat(rows()).isEqualTo(rows);
    assertThat(provider.provisions.get()).isEqualTo(calls);
  }

  @Test
  void nulInsideParametersAndContextIsKeptAndReadBack() {
    String id = UUID.randomUUID().toString();
    Reply created = replica.send("PUT", "/v2/service_instances/" + id,
        body(",\"context\":{\"platform\":\"ibmcloud\",\"note\":\"a\\u0000b\"},"
            + "\"parameters\":{\"size\":3,\"tag\":\"x\\u0000y\"}"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    Reply fetched = replica.send("GET", "/v2/service_instances/" + id, null);
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.json().path("parameters").path("tag").asText()).isEqualTo("x\u0000y");
  }

  @Test
  void idsUpToTheLimitFitPostgresIndexesAndLongerOnesAreBadRequest() {
    // random, so PostgreSQL cannot compress them; two bytes a character
    String instance = random(MAX_ID_BYTES / 2);
    String binding = random(MAX_ID_BYTES / 2);
    String path = "/v2/service_instances/" + encoded(instance);
    Reply created = replica.send("PUT", path, body(",\"context\":{}"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    Reply bound = replica.send("PUT", path + "/service_bindings/" + encoded(binding), body(""));
    assertThat(bound.status()).as(bound.toString()).isEqualTo(201);
    Reply tooLong = replica.send("PUT", "/v2/service_instances/" + encoded(instance + "x"),
        body(",\"context\":{}"));
    assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(400);
    assertThat(tooLong.json().get("description").asText()).contains("longer than 1024 bytes");
    Reply bindingTooLong = replica.send("PUT", path + "/service_bindings/"
        + encoded(binding + "x"), body(""));
    assertThat(bindingTooLong.status()).isEqualTo(400);
  }

  /** Characters U+0100 to U+07FF (two bytes of UTF-8 each), at random. */
  private static String random(int characters) {
    java.util.Random r = new java.util.Random(characters);
    StringBuilder s = new StringBuilder(characters);
    for (int i = 0; i < characters; i++) {
      s.append((char) (0x100 + r.nextInt(0x700)));
    }
    return s.toString();
  }

  private static String encoded(String id) {
    return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The rows of the shared test database, but for finished operations over a day old: the
   * replica's maintenance purges those left by earlier tests (their clocks in the past) at a
   * moment of its own, which once fell between the two counts of a test.
   */
  private long rows() throws SQLException {
    try (Connection c = replica.pool().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM osb_instance)"
            + " + (SELECT count(*) FROM osb_binding) + (SELECT count(*) FROM osb_operation"
            + " WHERE finished_at IS NULL OR finished_at > now() - interval '1 day')")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
