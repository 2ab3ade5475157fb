package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same random OSB requests, with odd ids and field values (control characters, ids at and
 * over the length limit, multi-byte and four-byte characters, encoded slashes and spaces, very
 * long GUIDs), sent to a broker on the in-memory store and to one on PostgreSQL: both must give
 * the same status to every request, and neither a 5xx. Two bugs that this would have caught
 * were found by hand on 2026-12-03 (U+0000 and 4,000-character ids: 201 in memory, 500 on
 * PostgreSQL). More sequences with {@code -Dstore.http-differential.seeds=N} (default 4).
 */
class HttpDifferentialTest {
  private static final int STEPS = 120;
  private final CountingProvider memoryProvider = new CountingProvider(false);
  private final CountingProvider postgresProvider = new CountingProvider(false);
  private ReplicaServer memory;
  private ReplicaServer postgres;

  @BeforeEach
  void start() {
    postgres = ReplicaServer.onTestDatabase("diff",
        pool -> ReplicaServer.replica(postgresProvider, pool));
    memory = ReplicaServer.start(Broker.builder(memoryProvider)
        .authenticator(BasicAuthenticator.of(ReplicaServer.USER, ReplicaServer.PASSWORD))
        .lease(ReplicaServer.LEASE));
  }

  @AfterEach
  void stop() {
    memory.close();
    postgres.close();
  }

  @Test
  void oddRequestsGetTheSameAnswerFromBothStoresAndNeverAServerError() {
    int seeds = Integer.getInteger("store.http-differential.seeds", 4);
    List<String> differences = new ArrayList<>();
    int sent = 0;
    for (int seed = 1; seed <= seeds; seed++) {
      Sequence s = new Sequence(seed);
      for (int step = 0; step < STEPS; step++) {
        String[] request = s.next();
        Reply inMemory = memory.send(request[0], request[1], request[2]);
        Reply onPostgres = postgres.send(request[0], request[1], request[2]);
        sent++;
        if (inMemory.status() != onPostgres.status() || inMemory.status() >= 500
            || onPostgres.status() >= 500) {
          differences.add(request[0] + " " + shorten(request[1]) + " " + shorten(request[2])
              + ": memory " + inMemory.status() + ", PostgreSQL " + onPostgres.status() + " "
              + shorten(onPostgres.body()));
        }
      }
    }
    assertThat(differences).as("requests answered differently (of %d)", sent).isEmpty();
    // the sequences did reach the providers, not only the SDK's refusals
    assertThat(memoryProvider.provisions.get()).isGreaterThan(seeds * 5)
        .isEqualTo(postgresProvider.provisions.get());
    assertThat(memoryProvider.binds.get()).isPositive()
        .isEqualTo(postgresProvider.binds.get());
  }

  private static String shorten(String s) {
    return s == null ? "" : s.length() <= 120 ? s : s.substring(0, 120) + "...(" + s.length() + ")";
  }

  /** A seeded stream of requests on a few odd instance and binding ids. */
  private static final class Sequence {
    private final Random random;
    private final String[] instances;
    private final String[] bindings;
    private final String[] oddValues;

    Sequence(int seed) {
      random = new Random(seed);
      String run = UUID.randomUUID().toString().substring(0, 8);
      instances = ids("i" + seed + run);
      bindings = ids("b" + seed + run);
      oddValues = new String[] {"plain", "nul\\u0000", "tab\\t", "del\\u007f", "x".repeat(5000),
          "\\u20ac\\ud83d\\ude00", ""};
    }

    /** Raw (percent-encoded) path segments. */
    private static String[] ids(String prefix) {
      return new String[] {
          prefix,
          enc("crn:v1:bluemix:public:svc:us-south:a/acct:" + prefix + "::"),
          prefix + "%00x",
          prefix + "%01",
          prefix + "%7F",
          prefix + "%20space",
          prefix + "%2Fslash",
          enc(prefix + "\u20ac\uD83D\uDE00"),
          enc(prefix + "a".repeat(1024 - prefix.length())), // exactly the limit
          enc(prefix + "a".repeat(1025 - prefix.length())), // one over
          enc(prefix + "\u00e9".repeat(600)), // 1,200 bytes, 600 characters
      };
    }

    private static String enc(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private <T> T pick(T[] values) {
      return values[random.nextInt(values.length)];
    }

    private String odd() {
      return pick(oddValues);
    }

    /** @return {method, path, body or null} */
    String[] next() {
      String instance = "/v2/service_instances/" + pick(instances);
      String binding = instance + "/service_bindings/" + pick(bindings);
      String ids = "\"service_id\":\"" + CountingProvider.SERVICE + "\",\"plan_id\":\"sync\"";
      String query = "?service_id=" + CountingProvider.SERVICE + "&plan_id=sync";
      return switch (random.nextInt(11)) {
        case 0, 1 -> new String[] {"PUT", instance, "{" + ids + ",\"context\":{\"platform\":"
            + "\"ibmcloud\",\"note\":\"" + odd() + "\"},\"parameters\":{\"tag\":\"" + odd()
            + "\"}}"};
        case 2 -> new String[] {"PUT", instance, "{" + ids + ",\"organization_guid\":\""
            + odd() + "\",\"space_guid\":\"" + odd() + "\"}"};
        case 3 -> new String[] {"PATCH", instance, "{\"service_id\":\""
            + CountingProvider.SERVICE + "\",\"parameters\":{\"tag\":\"" + odd() + "\"}}"};
        case 4 -> new String[] {"PUT", binding, "{" + ids + (random.nextBoolean() ? ""
            : ",\"app_guid\":\"" + odd() + "\"") + "}"};
        case 5 -> new String[] {"DELETE", binding + query, null};
        case 6 -> new String[] {"DELETE", instance + query, null};
        case 7 -> new String[] {"GET", random.nextBoolean() ? instance : binding, null};
        case 8 -> new String[] {"GET", instance + "/last_operation" + (random.nextBoolean()
            ? "" : "?operation=" + pick(new String[] {"op", "op%00", enc("x".repeat(900))})),
            null};
        case 9 -> new String[] {"PUT", "/bluemix_v1/service_instances/" + pick(instances),
            "{\"enabled\":" + random.nextBoolean() + ",\"reason_code\":\"" + odd() + "\"}"};
        default -> new String[] {"GET", "/bluemix_v1/service_instances/" + pick(instances),
            null};
      };
    }
  }
}
