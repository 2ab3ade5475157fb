package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two requests on one instance at once, the first held inside the provider on replica A (a
 * {@link GatedProvider} gate, no sleeps) while the second goes to replica B on the same
 * PostgreSQL database. Every scenario runs again on one broker on the in-memory store (A and B
 * are then the same process), and the two transcripts must match: replicas behave like one
 * broker.
 */
class RacesBetweenReplicasTest {
  private static final String SERVICE = CountingProvider.SERVICE;
  private static final String QUERY = "?service_id=" + SERVICE + "&plan_id=sync";
  private final GatedProvider provider = new GatedProvider();
  private final GatedProvider memoryProvider = new GatedProvider();
  private final ExecutorService clients = Executors.newCachedThreadPool();
  private ReplicaServer a;
  private ReplicaServer b;
  private ReplicaServer memory;

  @BeforeEach
  void start() {
    String url = TestDatabase.server().getJdbcUrl("postgres", "postgres");
    a = ReplicaServer.onOwnPool(url, "races-a", 4, 5_000,
        pool -> ReplicaServer.replica(provider, pool));
    b = ReplicaServer.onOwnPool(url, "races-b", 4, 5_000,
        pool -> ReplicaServer.replica(provider, pool));
    memory = ReplicaServer.start(Broker.builder(memoryProvider)
        .authenticator(BasicAuthenticator.of(ReplicaServer.USER, ReplicaServer.PASSWORD))
        .lease(ReplicaServer.LEASE));
  }

  @AfterEach
  void stop() {
    provider.openAll();
    memoryProvider.openAll();
    clients.shutdownNow();
    a.close();
    b.close();
    memory.close();
  }

  /** One race, played on two servers (the same one twice for the in-memory broker). */
  @FunctionalInterface
  private interface Scenario {
    void play(ReplicaServer a, ReplicaServer b, GatedProvider provider, Transcript t)
        throws Exception;
  }

  /** What the platform saw: status and the fields that matter, per step. */
  private static final class Transcript {
    final List<String> lines = new ArrayList<>();

    Reply note(String step, Reply r) {
      String state = r.body() != null && r.body().startsWith("{") ? r.json().path("enabled")
          .toString() + r.json().path("error").asText("") + r.json().path("state").asText("")
          : "";
      lines.add(step + ": " + r.status() + " " + state);
      return r;
    }
  }

  /** Plays the scenario on the two replicas and on the in-memory broker; same transcripts. */
  private List<String> race(Scenario s) throws Exception {
    Transcript replicas = new Transcript();
    s.play(a, b, provider, replicas);
    Transcript single = new Transcript();
    s.play(memory, memory, memoryProvider, single);
    assertThat(replicas.lines).as("two replicas on PostgreSQL vs. one in-memory broker")
        .isEqualTo(single.lines);
    return replicas.lines;
  }

  private CompletableFuture<Reply> later(java.util.concurrent.Callable<Reply> call) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return call.call();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, clients);
  }

  private static Reply await(CompletableFuture<Reply> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  private static String instance(String id) {
    return "/v2/service_instances/" + id;
  }

  private static Reply update(ReplicaServer r, String id, int size) {
    return r.send("PATCH", instance(id), "{\"service_id\":\"" + SERVICE
        + "\",\"parameters\":{\"size\":" + size + "}}");
  }

  private static Reply enable(ReplicaServer r, String id, boolean enabled) {
    return r.send("PUT", "/bluemix_v1/service_instances/" + id,
        "{\"enabled\":" + enabled + ",\"initiator_id\":\"ibm\",\"reason_code\":\"test\"}");
  }

  private static Reply state(ReplicaServer r, String id) {
    return r.send("GET", "/bluemix_v1/service_instances/" + id, null);
  }

  @Test
  void instanceDisabledWhileAnUpdateRunsStaysDisabledAfterTheUpdate() throws Exception {
    List<String> lines = race((a, b, p, t) -> {
      String id = UUID.randomUUID().toString();
      t.note("provision", a.provision(id, "sync", false));
      GatedProvider.Gate gate = p.hold("update");
      CompletableFuture<Reply> update = later(() -> update(a, id, 4));
      gate.await();
      t.note("disable during update", enable(b, id, false));
      p.open("update");
      t.note("update", await(update));
      t.note("state on A", state(a, id));
      t.note("state on B", state(b, id));
      t.note("bind", b.bind(id, "b1"));
    });
    assertThat(lines).containsExactly("provision: 201 ", "disable during update: 200 false",
        "update: 200 ", "state on A: 200 false", "state on B: 200 false",
        "bind: 422 ");
  }

  @Test
  void twoDifferentUpdatesAtOnceApplyOneAndRefuseTheOther() throws Exception {
    List<String> lines = race((a, b, p, t) -> {
      String id = UUID.randomUUID().toString();
      t.note("provision", a.provision(id, "sync", false));
      GatedProvider.Gate gate = p.hold("update");
      CompletableFuture<Reply> first = later(() -> update(a, id, 4));
      gate.await();
      t.note("second update", update(b, id, 5));
      p.open("update");
      t.note("first update", await(first));
      // only size 4 was applied: a provision with it is the same request, with 5 a conflict
      t.note("provision size 4", b.send("PUT", instance(id), provisionBody(4)));
      t.note("provision size 5", a.send("PUT", instance(id), provisionBody(5)));
    });
    assertThat(lines).containsExactly("provision: 201 ", "second update: 422 ConcurrencyError",
        "first update: 200 ", "provision size 4: 200 ", "provision size 5: 409 ");
  }

  @Test
  void deprovisionWhileABindRunsIsRefusedAndLeavesNoBindingOnceDone() throws Exception {
    List<String> lines = race((a, b, p, t) -> {
      String id = UUID.randomUUID().toString();
      t.note("provision", a.provision(id, "sync", false));
      GatedProvider.Gate gate = p.hold("bind");
      CompletableFuture<Reply> bind = later(() -> a.bind(id, "b1"));
      gate.await();
      t.note("deprovision during bind", b.send("DELETE", instance(id) + QUERY, null));
      p.open("bind");
      t.note("bind", await(bind));
      t.note("deprovision", b.send("DELETE", instance(id) + QUERY, null));
      t.note("fetch binding", a.send("GET", instance(id) + "/service_bindings/b1", null));
      t.note("bind again", a.bind(id, "b1"));
      t.note("unbind", b.send("DELETE", instance(id) + "/service_bindings/b1" + QUERY, null));
    });
    assertThat(lines).containsExactly("provision: 201 ",
        "deprovision during bind: 422 ConcurrencyError", "bind: 201 ", "deprovision: 200 ",
        "fetch binding: 404 ", "bind again: 404 ", "unbind: 410 ");
  }

  @Test
  void bindWhileADeprovisionRunsIsRefused() throws Exception {
    List<String> lines = race((a, b, p, t) -> {
      String id = UUID.randomUUID().toString();
      t.note("provision", a.provision(id, "sync", false));
      GatedProvider.Gate gate = p.hold("deprovision");
      CompletableFuture<Reply> delete = later(() -> a.send("DELETE", instance(id) + QUERY,
          null));
      gate.await();
      t.note("bind during deprovision", b.bind(id, "b1"));
      t.note("disable during deprovision", enable(b, id, false));
      p.open("deprovision");
      t.note("deprovision", await(delete));
      t.note("bind", b.bind(id, "b1"));
      t.note("state", state(b, id));
    });
    assertThat(lines).containsExactly("provision: 201 ",
        "bind during deprovision: 422 ConcurrencyError", "disable during deprovision: 200 false",
        "deprovision: 200 ", "bind: 404 ", "state: 404 ");
  }

  @Test
  void unbindAndBindOfOneBindingIdAtOnce() throws Exception {
    List<String> lines = race((a, b, p, t) -> {
      String id = UUID.randomUUID().toString();
      String binding = instance(id) + "/service_bindings/b1";
      t.note("provision", a.provision(id, "sync", false));
      GatedProvider.Gate gate = p.hold("bind");
      CompletableFuture<Reply> bind = later(() -> a.bind(id, "b1"));
      gate.await();
      t.note("unbind during bind", b.send("DELETE", binding + QUERY, null));
      p.open("bind");
      t.note("bind", await(bind));
      gate = p.hold("unbind");
      CompletableFuture<Reply> unbind = later(() -> a.send("DELETE", binding + QUERY, null));
      gate.await();
      t.note("bind during unbind", b.bind(id, "b1"));
      t.note("fetch during unbind", b.send("GET", binding, null));
      p.open("unbind");
      t.note("unbind", await(unbind));
      t.note("fetch", b.send("GET", binding, null));
      t.note("bind again", b.bind(id, "b1"));
    });
    assertThat(lines).containsExactly("provision: 201 ",
        "unbind during bind: 422 ConcurrencyError", "bind: 201 ",
        "bind during unbind: 422 ConcurrencyError", "fetch during unbind: 200 ", "unbind: 200 ",
        "fetch: 404 ", "bind again: 201 ");
  }

  @Test
  void deprovisionAndProvisionRetryWhileTheProvisionRuns() throws Exception {
    List<String> lines = race((a, b, p, t) -> {
      String id = UUID.randomUUID().toString();
      GatedProvider.Gate gate = p.hold("provision");
      CompletableFuture<Reply> provision = later(() -> a.provision(id, "sync", false));
      gate.await();
      t.note("deprovision during provision", b.send("DELETE", instance(id) + QUERY, null));
      t.note("update during provision", update(b, id, 4));
      t.note("state during provision", state(b, id));
      CompletableFuture<Reply> retry = later(() -> b.provision(id, "sync", false));
      p.open("provision");
      t.note("provision", await(provision));
      Reply r = await(retry);
      // the retry waited for the first (200), or gave up waiting (422): both are allowed
      t.note("retry", r.status() == 422 ? b.provision(id, "sync", false) : r);
      t.note("deprovision", b.send("DELETE", instance(id) + QUERY, null));
      t.note("retry after deprovision", a.provision(id, "sync", false));
    });
    assertThat(lines).containsExactly("deprovision during provision: 422 ConcurrencyError",
        "update during provision: 422 ConcurrencyError", "state during provision: 200 true",
        "provision: 201 ", "retry: 200 ", "deprovision: 200 ", "retry after deprovision: 201 ");
  }

  private static String provisionBody(int size) {
    return "{\"service_id\":\"" + SERVICE + "\",\"plan_id\":\"sync\",\"context\":{\"platform\":"
        + "\"ibmcloud\"},\"parameters\":{\"size\":" + size + "}}";
  }
}
