package io.github.osbsdk.samples.hello;

import static io.github.osbsdk.broker.core.store.DifferentialTrail.render;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.core.store.DifferentialTrail;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of hello-kv's two service stores: one seeded random sequence of calls
 * (create, ready, update with plan changes that may not fit, delete, enable flags, bind,
 * unbind, credential look-ups, puts up to the plan's key limit, gets and removes) goes to
 * {@link InMemoryKeyValueStore} and to {@link PostgresKeyValueStore}; every answer and, after
 * every call, every namespace, binding and value either store shows must be the same. A replica
 * on PostgreSQL must behave as the single process did. More seeds with
 * {@code -Dkv.differential.seeds=N}.
 */
class KeyValueStoreDifferentialTest {
  private static final String[] INSTANCES = {"crn:v1:bluemix:public:hello-kv:us-south:a/x:i0::",
      "crn:v1:bluemix:public:hello-kv:us-south:a/x:i1::"};
  private static final String[] BINDINGS = {"b0", "b1"};
  private static final String[] PLANS = {HelloCatalog.SYNC_PLAN_ID, HelloCatalog.LARGE_PLAN_ID};
  private static final String[] KEYS = {"k0", "k1", "k/2"};
  private static final int STEPS = 120;

  @Test
  void randomCallSequencesGetTheSameAnswersFromMemoryAndPostgres(@TempDir Path dir)
      throws SQLException {
    HikariConfig pool = new HikariConfig();
    pool.setUsername("postgres");
    pool.setMaximumPoolSize(2);
    try (TestPostgres pg = TestPostgres.start(dir)) {
      pool.setJdbcUrl(pg.jdbcUrl());
      try (HikariDataSource ds = new HikariDataSource(pool)) {
        compareOn(ds);
      }
    }
  }

  private static void compareOn(DataSource ds) throws SQLException {
    HelloMigrations.apply(ds);
    Set<String> outcomes = new TreeSet<>();
    int seeds = Integer.getInteger("kv.differential.seeds", 4);
    for (int seed = 1; seed <= seeds; seed++) {
      try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
        st.execute("TRUNCATE hello_value, hello_binding, hello_namespace");
      }
      new Run(seed, new InMemoryKeyValueStore(), new PostgresKeyValueStore(ds), outcomes)
          .go();
    }
    assertThat(outcomes).contains("create null", "markReady true", "markReady false",
        "update fits", "update refused", "delete true", "delete false", "bind true",
        "bind false", "unbind true", "unbind false", "put true", "put false", "remove true",
        "remove false", "fill true", "fill false");
  }

  /** One seeded sequence against both stores. */
  private static final class Run {
    private final int seed;
    private final Random random;
    private final KeyValueStore memory;
    private final KeyValueStore postgres;
    private final Set<String> outcomes;
    private final List<String> usernames = new ArrayList<>();
    private final DifferentialTrail trail;
    private int step;
    private int fills;

    Run(int seed, KeyValueStore memory, KeyValueStore postgres, Set<String> outcomes) {
      this.seed = seed;
      this.trail = new DifferentialTrail(seed);
      this.random = new Random(seed);
      this.memory = memory;
      this.postgres = postgres;
      this.outcomes = outcomes;
    }

    void go() {
      for (step = 1; step <= STEPS; step++) {
        oneCall();
        sameData();
      }
    }

    private <T> T pick(T[] values) {
      return values[random.nextInt(values.length)];
    }

    private Map<String, Object> parameters() {
      return random.nextBoolean() ? Map.of()
          : Map.of("location", random.nextBoolean() ? "us-south" : "eu-de");
    }

    private void oneCall() {
      String iid = pick(INSTANCES);
      String bid = pick(BINDINGS);
      switch (random.nextInt(11)) {
        case 0 -> {
          Namespace ns = new Namespace(iid, HelloCatalog.SERVICE_ID, pick(PLANS), parameters(),
              random.nextBoolean() ? null : new MaintenanceInfo("1.0.0", "first"),
              "https://hello.example.com/dashboard/" + step,
              random.nextBoolean() ? Namespace.Status.READY : Namespace.Status.PROVISIONING,
              true);
          call("create", s -> {
            s.create(ns);
            return null;
          });
        }
        case 1 -> call("markReady", s -> s.markReady(iid));
        case 2 -> {
          String plan = random.nextBoolean() ? null : pick(PLANS);
          Map<String, Object> parameters = parameters();
          MaintenanceInfo info = random.nextBoolean() ? null
              : new MaintenanceInfo("1.1.0", "second");
          call("update", s -> s.update(iid, plan, parameters, info)
              .map(why -> "refused: " + why).orElse("fits"));
        }
        case 3 -> call("delete", s -> s.delete(iid));
        case 4 -> {
          boolean enabled = random.nextBoolean();
          call("enabled", s -> {
            s.enabled(iid, enabled);
            return null;
          });
        }
        case 5 -> {
          String username = "kv-" + seed + "-" + step;
          BindingCredentials credentials = new BindingCredentials(iid, bid, username,
              HexFormat.of().formatHex(BindingCredentials.sha256("pw-" + step)),
              random.nextBoolean(), parameters(), random.nextBoolean() ? null : "app",
              "https://hello.example.com/data/" + step);
          usernames.add(username);
          call("bind", s -> s.bind(credentials));
        }
        case 6 -> call("unbind", s -> s.unbind(iid, bid));
        case 7 -> {
          String key = pick(KEYS);
          byte[] bytes = ("v" + step).getBytes(StandardCharsets.UTF_8);
          String type = random.nextBoolean() ? "text/plain" : "application/json";
          call("put", s -> s.put(iid, key, new StoredValue(bytes, type)));
        }
        case 8 -> {
          String key = pick(KEYS);
          call("remove", s -> s.remove(iid, key));
        }
        case 9 -> {
          // up to one over the small plan's limit: the last put must be refused on both
          // (twice per sequence at most: 101 puts on each store)
          if (fills++ == 2) {
            return;
          }
          int n = HelloCatalog.SMALL_KEYS + 1;
          call("fill", s -> {
            boolean all = true;
            for (int i = 0; i < n; i++) {
              all &= s.put(iid, "fill-" + i, new StoredValue(new byte[] {(byte) i},
                  "application/octet-stream"));
            }
            return all;
          });
        }
        default -> {
          String username = usernames.isEmpty() || random.nextInt(5) == 0 ? "kv-nobody"
              : usernames.get(random.nextInt(usernames.size()));
          call("credentials", s -> s.credentials(username));
        }
      }
    }

    private <R> void call(String what, Function<KeyValueStore, R> action) {
      trail.add(step, what);
      String expected = render(action.apply(memory));
      String actual = render(action.apply(postgres));
      assertThat(actual).as(where(what)).isEqualTo(expected);
      outcomes.add(what + " " + (expected.startsWith("refused") ? "refused" : expected));
    }

    private void sameData() {
      compare("size", KeyValueStore::size);
      for (String iid : INSTANCES) {
        compare("namespace " + iid, s -> s.namespace(iid));
        for (String bid : BINDINGS) {
          compare("binding " + iid + "/" + bid, s -> s.binding(iid, bid));
        }
        for (String key : KEYS) {
          compare("get " + iid + " " + key, s -> s.get(iid, key));
        }
        compare("get " + iid + " fill-0", s -> s.get(iid, "fill-0"));
      }
    }

    private <R> void compare(String read, Function<KeyValueStore, R> action) {
      assertThat(render(action.apply(postgres))).as(where("after it, " + read))
          .isEqualTo(render(action.apply(memory)));
    }

    private String where(String what) {
      return trail.where(step, what);
    }
  }
}
