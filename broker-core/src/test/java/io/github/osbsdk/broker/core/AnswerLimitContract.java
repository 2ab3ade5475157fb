package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.Endpoint;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.InstanceMetadata;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.testsupport.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over real HTTP, on a store a subclass chooses, with {@code maxAnswerBytes} at 16 KiB and
 * credentials stored: a provider answer whose JSON passes the limit (a bind's credentials or
 * endpoints, a provision's or update's metadata, a binding an asynchronous bind's work delivers,
 * what a fetch adds) is answered 500 with an OSB error body naming the limit, nothing of it is
 * recorded, a create is kept as failed so that the platform's delete reaches the provider, and
 * no work is started. What the registry recorded (parameters the platform sent) is served
 * however large.
 */
public abstract class AnswerLimitContract {
  private static final String SERVICE = "svc-answer-limit";
  private static final String PLAN = "plan-answer-limit";
  private static final int LIMIT = 16 * 1024;
  private static final String QUERY = "?service_id=" + SERVICE + "&plan_id=" + PLAN;
  private static final String BODY = "{\"service_id\":\"" + SERVICE + "\",\"plan_id\":\"" + PLAN
      + "\",\"organization_guid\":\"o\",\"space_guid\":\"s\"%s}";

  /**
   * A broker builder on the store under test, for {@code provider}; the contract adds basic
   * authentication, the answer limit and a credential key.
   *
   * @param provider the provider
   * @return the builder
   */
  protected abstract Broker.Builder builder(ServiceBroker provider);

  /** Called once the test's broker is closed, to close what {@link #builder} opened. */
  protected void afterBrokerClosed() {
    // nothing by default
  }

  /** Answers as large as its fields say, and counts the calls that delete. */
  static final class Provider implements ServiceBroker {
    volatile int credentialChars;
    volatile int endpoints = 1;
    volatile int metadataChars;
    volatile int fetchAddsChars;
    final AtomicInteger deprovisions = new AtomicInteger();
    final AtomicInteger unbinds = new AtomicInteger();
    final AtomicInteger tasksRun = new AtomicInteger();

    @Override
    public Catalog catalog() {
      return Catalog.of(ServiceOffering.builder(SERVICE, "answer-limit", "Answer limit")
          .bindable(true).instancesRetrievable(true).bindingsRetrievable(true)
          .plan(Plan.builder(PLAN, "standard", "Standard").planUpdateable(true).build())
          .build());
    }

    private InstanceMetadata metadata() {
      int chars = metadataChars;
      return chars == 0 ? null : new InstanceMetadata(Map.of("big", "m".repeat(chars)), null);
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      if (request.acceptsIncomplete()) {
        return ProvisionResult.accepted(AsyncWork.task(tasksRun::incrementAndGet))
            .withMetadata(metadata());
      }
      return ProvisionResult.created().withMetadata(metadata());
    }

    @Override
    public UpdateResult update(UpdateRequest request) {
      return UpdateResult.updated().withMetadata(metadata());
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      deprovisions.incrementAndGet();
      return DeprovisionResult.deleted();
    }

    @Override
    public BindResult bind(BindRequest request) {
      List<Endpoint> list = new ArrayList<>();
      for (int i = 0; i < endpoints; i++) {
        list.add(new Endpoint("db-" + i + ".example.com", List.of("5432"), "tcp"));
      }
      BindResult.Bound bound = BindResult.builder()
          .credentials(Map.of("password", "p4ss-" + "c".repeat(credentialChars)))
          .endpoints(list).build();
      if (request.acceptsIncomplete()) {
        return BindResult.accepted(() -> bound);
      }
      return bound;
    }

    @Override
    public BindingDetails fetchBinding(FetchBindingRequest request) {
      int chars = fetchAddsChars;
      return chars == 0 ? request.recorded()
          : request.recorded().withCredentials(Map.of("password", "f".repeat(chars)));
    }

    @Override
    public UnbindResult unbind(UnbindRequest request) {
      unbinds.incrementAndGet();
      return UnbindResult.unbound();
    }
  }

  private final Provider provider = new Provider();
  private final String instanceId = UUID.randomUUID().toString();
  private final String instance = "/v2/service_instances/" + instanceId;
  private final String bindingId = UUID.randomUUID().toString();
  private final String binding = instance + "/service_bindings/" + bindingId;
  private TestServer server;

  @BeforeEach
  void start() {
    server = new TestServer(builder(provider)
        .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD))
        .maxAnswerBytes(LIMIT)
        .storeCredentials(new SecretKeySpec(new byte[16], "AES")).build());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    afterBrokerClosed();
  }

  private Reply put(String path, String fields) {
    return server.call("PUT", path).json(String.format(BODY, fields)).send();
  }

  private void provisioned() {
    Reply created = put(instance, "");
    assertThat(created.status()).as(brief(created)).isEqualTo(201);
  }

  /** The reply, cut: a failure must not print a body of many kilobytes. */
  private static String brief(Reply reply) {
    String s = reply.toString();
    return s.length() > 400 ? s.substring(0, 400) + "..." : s;
  }

  private static void refusedAsTooLarge(Reply reply) {
    assertThat(reply.status()).as(brief(reply)).isEqualTo(500);
    assertThat(reply.json().get("description").asText())
        .contains("larger than the " + LIMIT + " bytes");
    assertThat(reply.body()).doesNotContain("cccc").doesNotContain("mmmm").doesNotContain("ffff");
  }

  private StoredBinding storedBinding() {
    return server.broker.store().findBinding(instanceId, bindingId).orElseThrow();
  }

  private void unbindReachesTheProvider() {
    Reply unbound = server.call("DELETE", binding + QUERY).send();
    assertThat(unbound.status()).as(brief(unbound)).isEqualTo(200);
    assertThat(provider.unbinds).hasValue(1);
    assertThat(server.broker.store().findBinding(instanceId, bindingId)).isEmpty();
  }

  private void deleteReachesTheProvider() {
    Reply deleted = server.call("DELETE", instance + QUERY).send();
    assertThat(deleted.status()).as(brief(deleted)).isEqualTo(200);
    assertThat(provider.deprovisions).hasValue(1);
    assertThat(server.broker.store().findInstance(instanceId)).isEmpty();
  }

  /** A PUT with {@code accepts_incomplete=true} and no fields beyond the ids. */
  private Reply putAsync(String path) {
    return server.call("PUT", path + "?accepts_incomplete=true").json(String.format(BODY, ""))
        .send();
  }

  /** Binds asynchronously, waits for the binding to fail and returns the failed poll. */
  private Reply asyncBindEndsFailed() {
    Reply accepted = putAsync(binding);
    assertThat(accepted.status()).as(brief(accepted)).isEqualTo(202);
    Await.until(() -> storedBinding().status() == BindingStatus.BIND_FAILED,
        "the bind operation ends");

    Reply last = server.call("GET", binding + "/last_operation" + QUERY).send();
    assertThat(last.json().get("state").asText()).as(brief(last)).isEqualTo("failed");
    return last;
  }

  private Reply patchParameters() {
    return server.call("PATCH", instance)
        .json("{\"service_id\":\"" + SERVICE + "\",\"parameters\":{\"a\":1}}").send();
  }

  @Test
  void aBindWhoseCredentialsPassTheLimitKeepsAFailedBindingWhoseUnbindReachesTheProvider() {
    provisioned();
    provider.credentialChars = LIMIT;

    refusedAsTooLarge(put(binding, ""));

    StoredBinding failed = storedBinding();
    assertThat(failed.status()).isEqualTo(BindingStatus.BIND_FAILED);
    assertThat(failed.credentials()).as("nothing of the answer is stored").isNull();
    assertThat(server.call("GET", binding + QUERY).send().status()).isEqualTo(404);
    unbindReachesTheProvider();
  }

  @Test
  void aBindWithMoreEndpointsThanTheAnswerLimitHoldsIsRefusedTheSameWay() {
    provisioned();
    provider.endpoints = 1_000;

    refusedAsTooLarge(put(binding, ""));

    assertThat(storedBinding().status()).isEqualTo(BindingStatus.BIND_FAILED);
    assertThat(storedBinding().details()).isNull();
    unbindReachesTheProvider();
  }

  @Test
  void aBindJustWithinTheAnswerLimitIsBound() {
    provisioned();
    provider.credentialChars = LIMIT - 200;

    Reply bound = put(binding, "");

    assertThat(bound.status()).as(brief(bound)).isEqualTo(201);
    assertThat(bound.json().get("credentials").get("password").asText())
        .hasSize(LIMIT - 200 + 5);
  }

  @Test
  void anAsyncBindDeliveringTooMuchFailsAndItsUnbindReachesTheProvider() {
    provisioned();
    provider.credentialChars = LIMIT;

    asyncBindEndsFailed();

    assertThat(storedBinding().credentials()).isNull();
    unbindReachesTheProvider();
  }

  @Test
  void anAsyncBindDeliveringTooMuchEndsFailedNamingTheAnswerLimit() {
    provisioned();
    provider.endpoints = 1_000;

    Reply last = asyncBindEndsFailed();

    assertThat(last.json().get("description").asText()).contains("maxAnswerBytes")
        .doesNotContain(String.valueOf(LIMIT));
  }

  @Test
  void aProvisionWhoseMetadataPassesTheLimitKeepsAFailedInstanceWhoseDeleteReachesIt() {
    provider.metadataChars = LIMIT;

    refusedAsTooLarge(put(instance, ""));

    StoredInstance failed = server.broker.store().findInstance(instanceId).orElseThrow();
    assertThat(failed.status()).isEqualTo(InstanceStatus.PROVISION_FAILED);
    assertThat(failed.metadata()).isNull();
    deleteReachesTheProvider();
  }

  @Test
  void anAsyncProvisionWhoseMetadataPassesTheAnswerLimitStartsNoWork() {
    provider.metadataChars = LIMIT;

    refusedAsTooLarge(putAsync(instance));

    assertThat(server.broker.store().findInstance(instanceId).orElseThrow().status())
        .isEqualTo(InstanceStatus.PROVISION_FAILED);
    assertThat(server.broker.store().runningOperation(instanceId)).isEmpty();
    deleteReachesTheProvider();
    assertThat(provider.tasksRun).as("the task never started").hasValue(0);
  }

  @Test
  void anUpdateWhoseMetadataPassesTheAnswerLimitChangesNothing() {
    provisioned();
    provider.metadataChars = LIMIT;

    refusedAsTooLarge(patchParameters());

    StoredInstance kept = server.broker.store().findInstance(instanceId).orElseThrow();
    assertThat(kept.status()).isEqualTo(InstanceStatus.READY);
    assertThat(kept.metadata()).isNull();
    assertThat(kept.parameters()).isNull();
    provider.metadataChars = 0;
    Reply next = patchParameters();
    assertThat(next.status()).as(brief(next)).isEqualTo(200);
  }

  @Test
  void aFetchThatAddsMoreThanTheAnswerLimitIsRefusedAndTheBindingStays() {
    provisioned();
    assertThat(put(binding, "").status()).isEqualTo(201);
    provider.fetchAddsChars = LIMIT + 100;

    refusedAsTooLarge(server.call("GET", binding + QUERY).send());
    refusedAsTooLarge(put(binding, ""));

    assertThat(storedBinding().status()).isEqualTo(BindingStatus.READY);
    provider.fetchAddsChars = 0;
    assertThat(server.call("GET", binding + QUERY).send().status()).isEqualTo(200);
  }

  @Test
  void parametersLargerThanTheAnswerLimitAreStillFetched() {
    String parameters = ",\"parameters\":{\"big\":\"" + "p".repeat(2 * LIMIT) + "\"}";
    Reply created = put(instance, parameters);
    assertThat(created.status()).as(brief(created)).isEqualTo(201);
    assertThat(put(binding, parameters).status()).isEqualTo(201);

    Reply fetchedInstance = server.call("GET", instance).send();
    Reply fetchedBinding = server.call("GET", binding).send();
    provider.fetchAddsChars = 100;
    Reply fetchedWithMore = server.call("GET", binding).send();

    assertThat(fetchedInstance.status()).as(brief(fetchedInstance)).isEqualTo(200);
    assertThat(fetchedInstance.json().get("parameters").get("big").asText()).hasSize(2 * LIMIT);
    assertThat(fetchedBinding.status()).as(brief(fetchedBinding)).isEqualTo(200);
    assertThat(fetchedBinding.json().get("parameters").get("big").asText()).hasSize(2 * LIMIT);
    assertThat(fetchedWithMore.status()).as(brief(fetchedWithMore)).isEqualTo(200);
  }
}
