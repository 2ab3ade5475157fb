package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.testsupport.RefusingExecutor;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Over real HTTP, with Micrometer: an asynchronous operation whose work the executor refuses is
 * answered 503 and withdrawn; its work never ran, so it is not counted in {@code osb.operations}
 * as a failed operation. The platform's retry runs and is counted once, with its outcome.
 */
class BusyExecutorMetricsMicrometerTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  /** Tasks of the provider's asynchronous work that ran. */
  private final AtomicInteger workRuns = new AtomicInteger();
  private final RefusingExecutor executor = new RefusingExecutor(1);
  private final TestServiceBroker provider = new TestServiceBroker() {
    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      return ProvisionResult.accepted(AsyncWork.task(workRuns::incrementAndGet));
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      return DeprovisionResult.accepted(AsyncWork.task(workRuns::incrementAndGet));
    }
  };
  private final TestServer server = new TestServer(RegistryTest.builder(provider)
      .meterRegistry(registry).executor(executor).build());
  private final String id = id();

  @AfterEach
  void stop() {
    server.close();
    executor.shutdownNow();
  }

  private long operations(String type, String state) {
    return registry.find("osb.operations").tag("type", type).tag("state", state).timers()
        .stream().mapToLong(Timer::count).sum();
  }

  private Reply provision() {
    return server.call("PUT", "/v2/service_instances/" + id + "?accepts_incomplete=true")
        .json(body("plan-sync", "{}")).send();
  }

  private Reply deprovision() {
    return server.call("DELETE", "/v2/service_instances/" + id
        + "?service_id=svc-1&plan_id=plan-sync&accepts_incomplete=true").send();
  }

  /** Polls the accepted operation until it ends; asserts how it ended. */
  private void endsWith(Reply accepted, int status) {
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    Reply done = RegistryTest.poll(server, id, accepted.json().get("operation").asText());
    assertThat(done.status()).as(done.toString()).isEqualTo(status);
    if (status == 200) {
      assertThat(done.json().get("state").asText()).isEqualTo("succeeded");
    }
  }

  @Test
  void anAsyncProvisionTheBusyExecutorRefusedIsNotCountedAsAFailedProvision() {
    executor.refuseNext();
    Reply refused = provision();
    assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
    assertThat(operations("provision", "failed")).as("its work never ran").isZero();

    endsWith(provision(), 200);

    assertThat(workRuns).hasValue(1);
    assertThat(operations("provision", "succeeded")).isEqualTo(1);
    assertThat(operations("provision", "failed")).isZero();
  }

  @Test
  void anAsyncDeprovisionTheBusyExecutorRefusedIsNotCountedAsAFailedDeprovision() {
    endsWith(provision(), 200);
    executor.refuseNext();
    Reply refused = deprovision();
    assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
    assertThat(operations("deprovision", "failed")).as("its work never ran").isZero();

    endsWith(deprovision(), 410);

    assertThat(workRuns).hasValue(2);
    assertThat(operations("deprovision", "succeeded")).isEqualTo(1);
    assertThat(operations("deprovision", "failed")).isZero();
  }
}
