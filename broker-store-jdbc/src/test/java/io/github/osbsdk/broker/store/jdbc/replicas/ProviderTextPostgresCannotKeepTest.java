package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider's answer that PostgreSQL's text cannot keep (U+0000 in an error description, a
 * dashboard URL) must neither leave an operation "in progress" for ever nor block a retry.
 * Before, the asynchronous ones stayed "in progress" while the replica renewed their lease, and
 * a synchronous one left its claim, so the retry got 422 ConcurrencyError.
 */
class ProviderTextPostgresCannotKeepTest {
  private final Provider provider = new Provider();
  private ReplicaServer replica;

  @BeforeEach
  void start() {
    replica = ReplicaServer.onTestDatabase("nul-p",
        pool -> ReplicaServer.replica(provider, pool));
  }

  @AfterEach
  void stop() {
    replica.close();
  }

  @Test
  void anAsyncFailureWhoseDescriptionHoldsNulEndsFailed() throws InterruptedException {
    String id = UUID.randomUUID().toString();
    Reply accepted = replica.provision(id, "async", true);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    Reply polled = replica.awaitFinished(id, null, Duration.ofSeconds(30));
    assertThat(polled.status()).as(polled.toString()).isEqualTo(200);
    assertThat(polled.json().path("state").asText()).isEqualTo("failed");
    assertThat(polled.json().path("description").asText()).startsWith("quota").endsWith("hit");
  }

  @Test
  void anAsyncAnswerWhoseDashboardUrlHoldsNulIsAProviderErrorThatBlocksNoRetry() {
    // refused before anything is recorded (no dashboard URL holds a control character); before
    // that check, the store refused it at the finish, and the operation ended "failed"
    String id = UUID.randomUUID().toString();
    for (int attempt = 1; attempt <= 2; attempt++) {
      Reply r = replica.provision(id, "step", true);
      assertThat(r.status()).as(r.toString()).isEqualTo(500);
    }
    assertThat(provider.provisions).as("the retry reached the provider again").hasValue(2);
    assertThat(replica.send("GET", "/v2/service_instances/" + id, null).status())
        .isEqualTo(404);
  }

  @Test
  void aDashboardUrlHoldingNulIsAProviderErrorThatBlocksNoRetry() {
    String id = UUID.randomUUID().toString();
    for (int attempt = 1; attempt <= 2; attempt++) {
      Reply r = replica.provision(id, "sync", false);
      assertThat(r.status()).as(r.toString()).isEqualTo(500);
      assertThat(r.json().path("description").asText()).contains("internal error");
    }
    assertThat(provider.provisions).as("the retry reached the provider again").hasValue(2);
    assertThat(replica.send("GET", "/v2/service_instances/" + id, null).status())
        .isEqualTo(404);
  }

  /**
   * Plan {@code async}: fails with U+0000 in the description; {@code step}: succeeds
   * asynchronously with U+0000 in its dashboard URL; {@code sync}: created, the same URL.
   */
  private static final class Provider implements ServiceBroker {
    final AtomicInteger provisions = new AtomicInteger();

    @Override
    public Catalog catalog() {
      return CountingProvider.CATALOG;
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      provisions.incrementAndGet();
      if (request.planId().equals("async")) {
        return ProvisionResult.accepted(AsyncWork.task(() -> {
          throw new ServiceBrokerException(400, null, "quota\u0000hit");
        }));
      }
      if (request.planId().equals("step")) { // here: a task that succeeds
        return ProvisionResult.accepted(AsyncWork.task(() -> { }))
            .withDashboardUrl("https://dashboard.example/\u0000");
      }
      return ProvisionResult.created("https://dashboard.example/\u0000");
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      return DeprovisionResult.deleted();
    }

    @Override
    public BindResult bind(BindRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public UnbindResult unbind(UnbindRequest request) {
      throw new UnsupportedOperationException();
    }
  }
}
