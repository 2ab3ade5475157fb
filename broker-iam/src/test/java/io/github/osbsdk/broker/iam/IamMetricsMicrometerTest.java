package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.core.health.ComponentHealth;
import io.github.osbsdk.broker.core.health.HealthStatus;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** broker-iam's meters and the IAM keys health check. */
class IamMetricsMicrometerTest {
  private static final String CALLER = "crn-crn:v1:bluemix:public:hello::a/acct1::";
  private static IamSimulator iam;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private IamConfig config;

  @BeforeAll
  static void startIam() {
    iam = IamSimulator.start();
    iam.registerApiKey("broker-key", "iam-ServiceId-broker");
    iam.permit("IBMid-user", "svc.dashboard.view", "crn:v1:x");
  }

  @AfterAll
  static void stopIam() {
    iam.close();
  }

  @BeforeEach
  void reset() {
    iam.faults().reset();
    config = IamConfig.builder().iamUrl(iam.baseUrl()).connectTimeout(Duration.ofSeconds(1))
        .requestTimeout(Duration.ofSeconds(2)).build();
  }

  private IamAuthenticator authenticator() {
    return IamAuthenticator.builder(config).allowedIdentities(Set.of(CALLER))
        .meterRegistry(registry).build();
  }

  private double count(String name, String tag, String value) {
    Counter c = registry.find(name).tag(tag, value).counter();
    return c == null ? 0 : c.count();
  }

  private static void refuse(IamAuthenticator a, String authorization) {
    assertThatThrownBy(() -> a.authenticate(authorization))
        .isInstanceOf(ServiceBrokerException.class);
  }

  @Test
  void acceptedAndRefusedPlatformCallsAreCountedByReason() {
    IamAuthenticator a = authenticator();
    String token = iam.token().iamId(CALLER).sign();
    a.authenticate("Bearer " + token);
    a.authenticate("Bearer " + token);
    refuse(a, null);
    refuse(a, "Basic dXNlcjpwYXNz");
    refuse(a, "Bearer not.a.token");
    refuse(a, "Bearer " + iam.token().iamId(CALLER).expiresAt(Instant.now().minusSeconds(3600))
        .sign());
    refuse(a, "Bearer " + iam.token().iamId(CALLER).kid("no-such-key").sign());
    refuse(a, "Bearer " + iam.token().iamId("iam-ServiceId-stranger").sign());
    refuse(a, "Bearer " + iam.token().iamId(CALLER).issuer("https://evil.example").sign());

    assertThat(count("osb.iam.tokens.accepted", "source", "verified")).isEqualTo(1);
    assertThat(count("osb.iam.tokens.accepted", "source", "cache")).isEqualTo(1);
    for (String reason : List.of("missing", "scheme", "malformed", "expired", "unknown_key",
        "forbidden", "issuer")) {
      assertThat(count("osb.iam.tokens.refused", "reason", reason)).as(reason).isEqualTo(1);
    }
    assertThat(count("osb.iam.tokens.refused", "reason", "other")).isZero();
    assertThat(count("osb.iam.key.refreshes", "outcome", "success")).isPositive();
  }

  @Test
  void keysHealthIsUpWithKeysLoaded() {
    ComponentHealth h = authenticator().keysHealth().check();
    assertThat(h.status()).isEqualTo(HealthStatus.UP);
    assertThat((Integer) h.details().get("keys")).isPositive();
    assertThat(h.details().get("lastFetch")).isEqualTo("success");
  }

  @Test
  void unreachableKeysAreDownAndRefusalsSayWhy() {
    iam.faults().down(IamEndpoint.KEYS);
    IamAuthenticator a = authenticator();
    ComponentHealth h = a.keysHealth().check();
    assertThat(h.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(h.details().get("keys")).isEqualTo(0);
    assertThat(h.details().get("lastFetch")).isEqualTo("failure");
    refuse(a, "Bearer " + iam.token().iamId(CALLER).sign());
    assertThat(count("osb.iam.tokens.refused", "reason", "keys_unavailable")).isEqualTo(1);
    assertThat(count("osb.iam.key.refreshes", "outcome", "failure")).isPositive();
  }

  @Test
  void authzDecisionsAreCountedBySourceAndCallsTimed() {
    ServiceIdTokenProvider tokens = ServiceIdTokenProvider.builder(config, "broker-key").build();
    AuthzClient authz = AuthzClient.builder(config, tokens).meterRegistry(registry).build();
    assertThat(authz.isPermitted("IBMid-user", null, "svc.dashboard.view", "crn:v1:x")).isTrue();
    assertThat(authz.isPermitted("IBMid-user", null, "svc.dashboard.view", "crn:v1:x")).isTrue();
    assertThat(authz.isPermitted("IBMid-other", null, "svc.dashboard.view", "crn:v1:x"))
        .isFalse();
    assertThat(registry.find("osb.iam.authz.decisions").tag("decision", "permit")
        .tag("source", "iam").counter().count()).isEqualTo(1);
    assertThat(registry.find("osb.iam.authz.decisions").tag("decision", "permit")
        .tag("source", "cache").counter().count()).isEqualTo(1);
    assertThat(registry.find("osb.iam.authz.decisions").tag("decision", "deny")
        .tag("source", "iam").counter().count()).isEqualTo(1);
    assertThat(registry.find("osb.iam.authz.requests").tag("outcome", "ok").timer().count())
        .isEqualTo(2);
  }

  @Test
  void aRegistryMustBeAMeterRegistry() {
    assertThatThrownBy(() -> IamAuthenticator.builder(config).meterRegistry("registry"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MeterRegistry")
        .hasMessageContaining("java.lang.String");
    assertThatThrownBy(() -> AuthzClient.builder(config,
        ServiceIdTokenProvider.builder(config, "broker-key").build()).meterRegistry(new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("meterRegistry must be a io.micrometer.core.instrument.MeterRegistry, not a"
            + " java.lang.Object");
    assertThatThrownBy(() -> IamAuthenticator.builder(config).meterRegistry(null))
        .isInstanceOf(NullPointerException.class).hasMessage("meterRegistry == null");
  }
}
