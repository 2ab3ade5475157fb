package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.iam.internal.SealedValues;
import io.github.osbsdk.broker.iam.internal.SignedValues;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A flood of junk at the dashboard SSO endpoints (random states, expired or other browsers'
 * states, bogus session cookies) over real HTTP, on a key store shared by replicas whose keys
 * cannot be read again (a database outage: asking again answers "unavailable"): junk gets its
 * 4xx (or, for a session cookie, a new sign-in) without asking the store again, while a value
 * that could be genuine still does.
 */
class DashboardSsoJunkTest extends WithDashboardSso {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final SecureRandom random = new SecureRandom();
  /** The keys the store holds; the key a rotation this replica missed added is not among them. */
  private final SsoKeyStore held = SsoKeyStore.inMemory();
  private final SsoKeyStore missed = SsoKeyStore.inMemory();
  private final AtomicInteger asksAgain = new AtomicInteger();
  private volatile boolean readable;

  @BeforeEach
  void start() {
    SsoKeyStore store = new SsoKeyStore() {
      @Override
      public byte[] signingKey() {
        return held.signingKey();
      }

      @Override
      public List<byte[]> verificationKeysAfterMiss() {
        asksAgain.incrementAndGet();
        if (!readable) {
          throw new StoreUnavailableException("read SSO keys: connection refused", null);
        }
        return List.of(held.signingKey(), missed.signingKey());
      }
    };
    DashboardSso sso = ssoBuilder(iam, server.base).keyStore(store)
        .dashboard((id, user) -> "<html><body>instance " + id + "</body></html>").build();
    server.start(Set.of(sso.resource()));
  }

  private URI dashboard() {
    return URI.create(server.base + "/dashboard/" + enc(CRN));
  }

  private URI callback(String state) {
    return URI.create(server.base + "/dashboard/callback?code=junk&state=" + enc(state));
  }

  private String randomPart(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return B64.encodeToString(b);
  }

  /** A state of a sign-in, signed with {@code keys}: the nonce hash and expiry given. */
  private static String state(SsoKeyStore keys, String nonceHash, long expiresAt) {
    String json = "{\"i\":\"" + CRN + "\",\"n\":\"" + nonceHash + "\",\"e\":" + expiresAt + "}";
    return new SignedValues(keys).sign("state", json.getBytes(StandardCharsets.UTF_8));
  }

  /** The nonce cookie a sign-in start set, and the hash its state carries. */
  private String[] startedSignIn() throws Exception {
    HttpResponse<String> start = get(dashboard(), null);
    assertThat(start.statusCode()).isEqualTo(303);
    String cookie = cookies(start);
    String nonce = cookie.substring(cookie.indexOf('=') + 1);
    return new String[] {cookie, SignedValues.sha256(nonce)};
  }

  @Test
  void junkStatesAnswer400WithoutAskingTheKeyStoreAgain() throws Exception {
    String[] signIn = startedSignIn();
    long now = System.currentTimeMillis();
    List<String> junk = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      junk.add(randomPart(40) + "." + randomPart(32)); // random, of the signed form
    }
    junk.add(state(missed, signIn[1], now - 1_000)); // expired
    junk.add(state(missed, SignedValues.sha256("another browser's nonce"), now + 60_000));
    junk.add(state(missed, signIn[1], now + 3_600_000)); // later than any sign-in made now

    for (String state : junk) {
      HttpResponse<String> r = get(callback(state), signIn[0]);
      assertThat(r.statusCode()).as("answer to a junk state").isEqualTo(400);
      assertThat(r.body()).contains("The sign-in request is not valid.");
    }
    assertThat(asksAgain.get()).as("calls asking the key store again").isZero();
  }

  @Test
  void junkSessionCookiesStartASignInWithoutAskingTheKeyStoreAgain() throws Exception {
    long now = System.currentTimeMillis();
    List<String> junk = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      junk.add(randomPart(200)); // random bytes, of any version
      junk.add(B64.encodeToString(withVersion(2, 200))); // version 2, a random expiry
      junk.add(B64.encodeToString(withVersion(1, 200))); // version 1, no expiry
    }
    SealedValues other = new SealedValues(missed);
    byte[] session = "{}".getBytes(StandardCharsets.UTF_8);
    junk.add(other.seal("session", session, now - 1_000)); // expired
    junk.add(other.seal("session", session, now + 86_400_000)); // later than any made now

    for (String cookie : junk) {
      HttpResponse<String> r = get(dashboard(), "osb_dashboard_session=" + cookie);
      assertThat(r.statusCode()).as("answer to a bogus session cookie").isEqualTo(303);
      assertThat(location(r, server.base).getPath()).isEqualTo("/identity/authorize");
    }
    assertThat(asksAgain.get()).as("calls asking the key store again").isZero();
  }

  @Test
  void aStateThatCouldBeGenuineAsksTheKeyStoreAgainAndCompletesTheSignIn() throws Exception {
    String[] signIn = startedSignIn();
    String state = state(missed, signIn[1], System.currentTimeMillis() + 60_000);
    readable = true;

    HttpResponse<String> r = get(callback(state), signIn[0]);

    assertThat(asksAgain.get()).as("calls asking the key store again").isOne();
    // the key store verified it: the code goes to IAM, which does not know this one
    assertThat(r.statusCode()).isEqualTo(502);
  }

  @Test
  void aStateThatCouldBeGenuineWhileTheKeysCannotBeReadAnswersUnavailable() throws Exception {
    String[] signIn = startedSignIn();
    String state = state(missed, signIn[1], System.currentTimeMillis() + 60_000);

    HttpResponse<String> r = get(callback(state), signIn[0]);

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(asksAgain.get()).as("calls asking the key store again").isOne();
  }

  @Test
  void aSessionSealedWithAKeyOnlyAReadAgainFindsOpensTheDashboard() throws Exception {
    readable = true;
    long now = System.currentTimeMillis();
    String json = "{\"i\":\"" + SignedValues.sha256(CRN) + "\",\"u\":\"" + USER + "\",\"e\":"
        + (now + 60_000) + "}";
    String cookie = new SealedValues(missed).seal("session",
        json.getBytes(StandardCharsets.UTF_8), now + 60_000);

    HttpResponse<String> r = get(dashboard(), "osb_dashboard_session=" + cookie);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("instance " + CRN);
    assertThat(asksAgain.get()).as("calls asking the key store again").isOne();
  }

  private byte[] withVersion(int version, int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    b[0] = (byte) version;
    return b;
  }
}
