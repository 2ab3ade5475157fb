package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas behind one public URL: a sign-in started on one replica comes back to the other
 * (the load balancer picks), which must know the key that signed its state. With the default
 * key store, one in memory per process, it does not; the operator must be able to tell why from
 * the log, since the browser only sees "The sign-in request is not valid."
 */
class DashboardSsoReplicaKeysTest extends WithDashboardSso {
  TestServer other;

  @BeforeEach
  void secondReplica() {
    other = new TestServer();
  }

  @AfterEach
  void stopSecondReplica() {
    other.close();
  }

  DashboardSso sso(SsoKeyStore keys) {
    return ssoBuilder(iam, server.base).keyStore(keys)
        .dashboard((id, user) -> "<html><body>instance " + id + "</body></html>").build();
  }

  /** Starts a sign-in on {@link #server}; its callback is sent to {@link #other}. */
  HttpResponse<String> signInEndingOnTheOtherReplica() throws Exception {
    HttpResponse<String> start = get(URI.create(server.base + "/dashboard/" + enc(CRN)), null);
    assertThat(start.statusCode()).isEqualTo(303);
    URI authorize = location(start, server.base);
    HttpResponse<String> fromIam = get(authorize, null);
    URI callback = location(fromIam, server.base);
    URI onOther = other.base.resolve(callback.getRawPath() + "?" + callback.getRawQuery());
    return get(onOther, cookies(start));
  }

  @Test
  void replicasSharingOneKeyStoreCompleteEachOthersSignIns() throws Exception {
    SsoKeyStore shared = SsoKeyStore.inMemory();
    server.start(Set.of(sso(shared).resource()));
    other.start(Set.of(sso(shared).resource()));

    assertThat(signInEndingOnTheOtherReplica().statusCode()).isEqualTo(303);
  }

  @Test
  void signInSignedWithAnotherReplicasKeyIsLoggedNamingTheKeyStore() throws Exception {
    server.start(Set.of(sso(SsoKeyStore.inMemory()).resource()));
    other.start(Set.of(sso(SsoKeyStore.inMemory()).resource()));

    try (StderrCapture log = new StderrCapture()) {
      HttpResponse<String> answer = signInEndingOnTheOtherReplica();

      assertThat(answer.statusCode()).isEqualTo(400);
      assertThat(log.lines()).as("what the replica that refused the sign-in logged")
          .anySatisfy(line -> assertThat(line).contains("WARN").contains("SsoKeyStore"));
      String state = answer.request().uri().getRawQuery().replaceAll(".*state=([^&]*).*", "$1");
      assertThat(state).isNotBlank();
      assertThat(log.lines()).as("the state is never logged").noneMatch(l -> l.contains(state));
    }
  }

  @Test
  void callbacksWithAStateNoBrokerIssuedWarnOnceWithoutNamingTheKeyStore() throws Exception {
    server.start(Set.of(sso(SsoKeyStore.inMemory()).resource()));
    String junk = "not-a-signed-state-4711";

    try (StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 5; i++) {
        URI callback = URI.create(server.base + "/dashboard/callback?code=c&state=" + junk);
        assertThat(get(callback, null).statusCode()).isEqualTo(400);
      }

      assertThat(log.lines()).filteredOn(l -> l.contains("WARN") && l.contains("sign-in refused"))
          .as("one line a minute for one cause")
          .hasSize(1).noneMatch(l -> l.contains("SsoKeyStore"));
      assertThat(log.lines()).noneMatch(l -> l.contains(junk));
    }
  }

  @Test
  void aCallbackRefusedForAnotherReplicasKeyReadsTheKeyStoreOnce() throws Exception {
    SsoKeyStore keys = SsoKeyStore.inMemory();
    AtomicInteger reads = new AtomicInteger();
    SsoKeyStore counted = new SsoKeyStore() {
      @Override
      public byte[] signingKey() {
        reads.incrementAndGet();
        return keys.signingKey();
      }

      @Override
      public List<byte[]> verificationKeys() {
        reads.incrementAndGet();
        return keys.verificationKeys();
      }
    };
    server.start(Set.of(sso(SsoKeyStore.inMemory()).resource()));
    other.start(Set.of(sso(counted).resource()));

    try (StderrCapture log = new StderrCapture()) {
      assertThat(signInEndingOnTheOtherReplica().statusCode()).isEqualTo(400);
      assertThat(log.lines()).as("the cause is still named")
          .anySatisfy(line -> assertThat(line).contains("WARN").contains("SsoKeyStore"));
    }
    assertThat(reads).as("key store reads of the replica that refused the callback")
        .hasValue(1);
  }
}
