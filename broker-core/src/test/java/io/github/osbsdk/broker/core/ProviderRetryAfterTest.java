package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.TemporarilyUnavailableException;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Over real HTTP: a provider's {@link TemporarilyUnavailableException} answers 503 with its own
 * {@code Retry-After} when it names one (whole seconds, rounded up, at most an hour), else the
 * SDK's 5 seconds; thrown as such or wrapped.
 */
class ProviderRetryAfterTest {
  private final TestServiceBroker provider = new TestServiceBroker() {
    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      Object after = request.parameters().get("retry_after");
      TemporarilyUnavailableException e = new TemporarilyUnavailableException("maintenance",
          null, after == null ? null : Duration.parse((String) after));
      if (Boolean.TRUE.equals(request.parameters().get("wrapped"))) {
        throw new IllegalStateException("the backend client failed", e);
      }
      throw e;
    }
  };
  private final TestServer server = new TestServer(builder(provider).build());

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{0}, wrapped {1} -> Retry-After {2}")
  @CsvSource({
      "PT90S, false, 90",
      "PT90S, true, 90",
      "PT1.5S, false, 2",
      "PT0.001S, false, 1",
      "PT1H, false, 3600",
      "P30D, false, 3600",
      "PT3600.5S, false, 3600",
      ", false, 5",
      ", true, 5"})
  void providersUnavailableIsAnswered503WithItsRetryAfter(String after, boolean wrapped,
      String header) {
    String params = "{\"wrapped\":" + wrapped
        + (after == null ? "" : ",\"retry_after\":\"" + after + "\"") + "}";

    Reply r = provision(server, id(), "plan-sync", params, false);

    assertThat(r.status()).as(r.toString()).isEqualTo(503);
    assertThat(r.header("Retry-After")).as(r.toString()).isEqualTo(header);
    assertThat(r.header("Content-Type")).as(r.toString()).startsWith("application/json");
    assertThat(r.json().get("description").asText()).as(r.toString())
        .contains("temporarily unavailable").doesNotContain("maintenance");
  }
}
