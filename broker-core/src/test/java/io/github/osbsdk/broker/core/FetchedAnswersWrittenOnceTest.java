package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.instance.FetchInstanceRequest;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.api.instance.InstanceMetadata;
import io.github.osbsdk.broker.core.TestServer.Reply;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A fetch, or an identical repeat of a bind, whose provider answer differs from the record is
 * written as JSON once: the check against {@code maxAnswerBytes} and the answer sent are the same
 * bytes (they were written twice, a large answer's cost doubled). Counted by a value whose getter
 * Jackson calls each time it writes it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FetchedAnswersWrittenOnceTest {
  private static final String BIND = "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\"}";
  private static final AtomicInteger WRITES = new AtomicInteger();
  private final TestServiceBroker sb = new TestServiceBroker() {
    @Override
    public InstanceDetails fetchInstance(FetchInstanceRequest request) {
      return request.recorded().withMetadata(
          new InstanceMetadata(null, Map.of("counted", new Counted())));
    }

    @Override
    public BindingDetails fetchBinding(FetchBindingRequest request) {
      return new BindingDetails(Map.of("u", "p", "counted", new Counted()), null, null, null,
          null, null, null);
    }
  };
  private final TestServer server = TestServer.start(sb);

  /** A value that counts how often it is written. */
  public static final class Counted {
    /**
     * @return a constant, counting the call
     */
    public String getValue() {
      WRITES.incrementAndGet();
      return "v";
    }
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    WRITES.set(0);
  }

  private String provisioned() {
    String id = id();
    assertThat(server.call("PUT", "/v2/service_instances/" + id).json(body("plan-sync", "{}"))
        .send().status()).isEqualTo(201);
    return id;
  }

  @Test
  void fetchedInstanceWithTheProvidersOwnValuesIsWrittenOnce() {
    String id = provisioned();
    WRITES.set(0);

    Reply r = server.call("GET", "/v2/service_instances/" + id).send();

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().at("/metadata/attributes/counted/value").asText()).isEqualTo("v");
    assertThat(WRITES).hasValue(1);
  }

  @Test
  void fetchedBindingWithTheProvidersOwnValuesIsWrittenOnce() {
    String path = "/v2/service_instances/" + provisioned() + "/service_bindings/" + id();
    assertThat(server.call("PUT", path).json(BIND).send().status()).isEqualTo(201);
    WRITES.set(0);

    Reply r = server.call("GET", path).send();

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().at("/credentials/counted/value").asText()).isEqualTo("v");
    assertThat(WRITES).hasValue(1);
  }

  @Test
  void identicalRepeatOfABindWithTheProvidersOwnValuesIsWrittenOnce() {
    String path = "/v2/service_instances/" + provisioned() + "/service_bindings/" + id();
    assertThat(server.call("PUT", path).json(BIND).send().status()).isEqualTo(201);
    WRITES.set(0);

    Reply r = server.call("PUT", path).json(BIND).send();

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().at("/credentials/counted/value").asText()).isEqualTo("v");
    assertThat(r.json().has("parameters")).isFalse();
    assertThat(WRITES).hasValue(1);
  }
}
