package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindingMetadata;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.internal.JacksonConfiguration;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * OSB 2.17: a binding's {@code renew_before} must not be after its {@code expires_at}. The
 * metadata refuses such a pair when built, so a provider that answers one fails in its own
 * code, and the SDK neither answers nor records the binding.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RenewBeforeAfterExpiryTest {
  private static final Instant EXPIRES = Instant.parse("2026-12-31T23:59:59Z");
  private static final Instant LATER = Instant.parse("2027-01-01T00:00:00Z");
  private final AtomicBoolean lateRenewal = new AtomicBoolean();
  private final TestServiceBroker sb = new TestServiceBroker() {
    @Override
    public BindResult bind(BindRequest request) {
      if (lateRenewal.get()) {
        return BindResult.builder().credentials(Map.of("u", "p"))
            .metadata(new BindingMetadata(EXPIRES, LATER)).build();
      }
      return BindResult.builder().credentials(Map.of("u", "p"))
          .metadata(new BindingMetadata(EXPIRES, EXPIRES)).build();
    }
  };
  private final TestServer server = TestServer.start(sb);

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void renewBeforeAfterExpiresAtIsRefusedAtConstructionNamingBothValues() {
    assertThatThrownBy(() -> new BindingMetadata(EXPIRES, LATER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata.renew_before (2027-01-01T00:00:00Z) is after metadata.expires_at"
            + " (2026-12-31T23:59:59Z): OSB 2.17 asks that a binding be renewed no later than"
            + " its credentials expire");
    assertThat(new BindingMetadata(EXPIRES, EXPIRES).renewBefore()).isEqualTo(EXPIRES);
    assertThat(new BindingMetadata(null, LATER).renewBefore()).isEqualTo(LATER);
    assertThat(new BindingMetadata(EXPIRES, null).expiresAt()).isEqualTo(EXPIRES);
  }

  @Test
  void aWirePairWithRenewBeforeAfterExpiresAtIsRefusedWhenRead() {
    assertThatThrownBy(() -> JacksonConfiguration.newMapper().readValue(
        "{\"expires_at\":\"2026-12-31T23:59:59Z\",\"renew_before\":\"2027-01-01T00:00:00Z\"}",
        BindingMetadata.class))
        .cause().isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is after metadata.expires_at");
  }

  @Test
  void aProviderBuildingSuchMetadataGets500AndNoBindingIsRecordedSoTheRetryBinds() {
    String instance = "i-" + id();
    assertThat(server.call("PUT", "/v2/service_instances/" + instance)
        .json(body("plan-sync", "{}")).send().status()).isEqualTo(201);
    String path = "/v2/service_instances/" + instance + "/service_bindings/b-" + id();
    String bind = "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\"}";
    lateRenewal.set(true);
    try (StderrCapture log = new StderrCapture()) {
      Reply refused = server.call("PUT", path).json(bind).send();

      assertThat(refused.status()).as(refused.toString()).isEqualTo(500);
      assertThat(refused.body()).doesNotContain("renew_before");
      assertThat(log.lines()).anyMatch(l -> l.contains("metadata.renew_before"
          + " (2027-01-01T00:00:00Z) is after metadata.expires_at (2026-12-31T23:59:59Z)"));
    }
    Reply fetched = server.call("GET", path).send();
    assertThat(fetched.status()).as(fetched.toString()).isEqualTo(404);
    lateRenewal.set(false);
    Reply bound = server.call("PUT", path).json(bind).send();
    assertThat(bound.status()).as(bound.toString()).isEqualTo(201);
    assertThat(bound.json().get("metadata").get("renew_before").asText())
        .isEqualTo("2026-12-31T23:59:59Z");
  }
}
