package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code Retry-After} on {@code last_operation} never asks the platform to wait past the
 * operation's deadline (the plan's {@code maximum_polling_duration}, else the broker's operation
 * timeout): a platform that waits as asked would stop polling at its maximum polling duration
 * before asking again, and take as failed (OSB: "the operation state MUST be considered failed")
 * an operation that succeeded meanwhile. It names at most the time left, whole seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetryAfterWithinPollingDurationTest {
  private static final int POLLING_SECONDS = 30;
  private static final Catalog POLLED_CATALOG = Catalog.of(
      ServiceOffering.builder("svc-poll", "polled", "Polled service").bindable(false)
          .plan(Plan.builder("plan-task", "task", "SDK-tracked").maximumPollingDuration(
              POLLING_SECONDS).build())
          .plan(Plan.builder("plan-tracked", "tracked", "Provider-tracked")
              .maximumPollingDuration(POLLING_SECONDS).build())
          .plan(Plan.builder("plan-long", "long", "No polling duration").build())
          .build());
  private final CountDownLatch held = new CountDownLatch(1);
  private final TestServiceBroker sb = new TestServiceBroker() {
    @Override
    public Catalog catalog() {
      return POLLED_CATALOG;
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      if (request.planId().equals("plan-tracked")) {
        return ProvisionResult.accepted(AsyncWork.trackedByProvider("own-op"));
      }
      return ProvisionResult.accepted(AsyncWork.task(() -> held.await(10, TimeUnit.SECONDS)));
    }

    @Override
    public LastOperation lastOperation(LastOperationRequest request) {
      return LastOperation.inProgress("copying").withRetryAfter(Duration.ofMinutes(10));
    }
  };
  /** Asks platforms to wait 5 minutes between polls of the SDK's own operations. */
  private final TestServer server = new TestServer(Broker.builder(sb)
      .authenticator(io.github.osbsdk.broker.core.auth.BasicAuthenticator.of(TestServer.USER,
          TestServer.PASSWORD))
      .retryAfter(Duration.ofMinutes(5)).build());

  @AfterAll
  void stop() {
    held.countDown();
    server.close();
  }

  private Reply pollOfANewInstance(String plan) {
    String path = "/v2/service_instances/" + UUID.randomUUID();
    Reply accepted = server.call("PUT", path + "?accepts_incomplete=true")
        .json("{\"service_id\":\"svc-poll\",\"plan_id\":\"" + plan + "\",\"context\":"
            + "{\"platform\":\"cloudfoundry\"}}").send();
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    Reply poll = server.call("GET", path + "/last_operation?operation="
        + accepted.json().get("operation").asText()).send();
    assertThat(poll.status()).as(poll.toString()).isEqualTo(200);
    assertThat(poll.json().get("state").asText()).isEqualTo("in progress");
    return poll;
  }

  @Test
  void retryAfterOfAnSdkOperationEndsByThePlansMaximumPollingDuration() {
    Reply poll = pollOfANewInstance("plan-task");
    assertThat(Integer.parseInt(poll.header("Retry-After"))).as(poll.toString())
        .isBetween(1, POLLING_SECONDS);
  }

  @Test
  void retryAfterOfAProviderTrackedOperationEndsByThePlansMaximumPollingDuration() {
    Reply poll = pollOfANewInstance("plan-tracked");
    assertThat(poll.json().get("description").asText()).isEqualTo("copying");
    assertThat(Integer.parseInt(poll.header("Retry-After"))).as(poll.toString())
        .isBetween(1, POLLING_SECONDS);
  }

  @Test
  void retryAfterWithinTheDeadlineIsSentAsConfigured() {
    Reply poll = pollOfANewInstance("plan-long");
    assertThat(poll.header("Retry-After")).as(poll.toString()).isEqualTo("300");
  }
}
