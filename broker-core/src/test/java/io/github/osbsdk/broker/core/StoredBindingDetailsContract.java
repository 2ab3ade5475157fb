package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.Endpoint;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.binding.VolumeMount;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over real HTTP, on a store a subclass chooses: a binding the registry holds with details that
 * today's checks of a provider's answer would refuse (stored by an SDK version before the check
 * landed: a volume mount whose {@code device_type} is not {@code shared}, an endpoint whose port
 * is 0) keeps being served as it was delivered to the platform, on fetch and on an identical
 * repeated bind, instead of a 500 for good. The checks stay where the provider answers: a
 * {@code fetchBinding} that adds a malformed mount of its own is still refused.
 */
public abstract class StoredBindingDetailsContract {
  private static final String SERVICE = "svc-stored-details";
  private static final String PLAN = "plan-stored-details";
  private static final String OLD_MOUNT = "{\"driver\":\"cephdriver\",\"container_dir\":"
      + "\"/data\",\"mode\":\"rw\",\"device_type\":\"block\",\"device\":{\"volume_id\":\"v-1\"}}";
  private static final String OLD_ENDPOINT = "{\"host\":\"db.example.com\",\"ports\":[\"0\"]}";

  /**
   * A broker builder on the store under test, for {@code provider}; the contract adds basic
   * authentication.
   *
   * @param provider the provider
   * @return the builder
   */
  protected abstract Broker.Builder builder(ServiceBroker provider);

  /**
   * Writes {@code details} (the provider's answer besides credentials, as JSON text) into the
   * stored row of a binding, as an earlier SDK version would have stored them, past the SDK.
   *
   * @param instanceId the instance id
   * @param bindingId the binding id
   * @param details the JSON text
   * @throws Exception when the store cannot be written
   */
  protected abstract void writeDetails(String instanceId, String bindingId, String details)
      throws Exception;

  /** Called once the test's broker is closed, to close what {@link #builder} opened. */
  protected void afterBrokerClosed() {
    // nothing by default
  }

  /** Binds with a well-formed shared mount; a fetch adds {@link #added} when set. */
  private static final class Provider implements ServiceBroker {
    final AtomicReference<VolumeMount> added = new AtomicReference<>();

    @Override
    public Catalog catalog() {
      return Catalog.of(ServiceOffering.builder(SERVICE, "stored-details", "Stored details")
          .bindable(true).bindingsRetrievable(true).requires("volume_mount")
          .plan(Plan.builder(PLAN, "standard", "A volume").build()).build());
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      return ProvisionResult.created();
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      return DeprovisionResult.deleted();
    }

    @Override
    public BindResult bind(BindRequest request) {
      return BindResult.builder().credentials(Map.of("user", "u"))
          .volumeMounts(List.of(new VolumeMount("cephdriver", "/data", "rw", "shared",
              Map.of("volume_id", "v-1"))))
          .endpoints(List.of(new Endpoint("db.example.com", List.of("5432"), null))).build();
    }

    @Override
    public BindingDetails fetchBinding(FetchBindingRequest request) {
      BindingDetails recorded = request.recorded();
      VolumeMount extra = added.get();
      if (extra == null) {
        return recorded;
      }
      List<VolumeMount> mounts = new ArrayList<>(recorded.volumeMounts());
      mounts.add(extra);
      return new BindingDetails(recorded.credentials(), recorded.syslogDrainUrl(),
          recorded.routeServiceUrl(), mounts, recorded.endpoints(), recorded.parameters(),
          recorded.metadata());
    }

    @Override
    public UnbindResult unbind(UnbindRequest request) {
      return UnbindResult.unbound();
    }
  }

  private final Provider provider = new Provider();
  private final String instanceId = UUID.randomUUID().toString();
  private final String bindingId = UUID.randomUUID().toString();
  private final String binding = "/v2/service_instances/" + instanceId + "/service_bindings/"
      + bindingId;
  private final String bindBody = "{\"service_id\":\"" + SERVICE + "\",\"plan_id\":\"" + PLAN
      + "\"}";
  private TestServer server;

  @BeforeEach
  void bound() {
    server = new TestServer(builder(provider)
        .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD)).build());
    Reply provisioned = server.call("PUT", "/v2/service_instances/" + instanceId)
        .json("{\"service_id\":\"" + SERVICE + "\",\"plan_id\":\"" + PLAN + "\","
            + "\"organization_guid\":\"o\",\"space_guid\":\"s\"}").send();
    assertThat(provisioned.status()).as(provisioned.toString()).isEqualTo(201);
    Reply created = server.call("PUT", binding).json(bindBody).send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    afterBrokerClosed();
  }

  private Reply fetch() {
    return server.call("GET", binding + "?service_id=" + SERVICE + "&plan_id=" + PLAN).send();
  }

  @Test
  void aStoredVolumeMountTodaysCheckWouldRefuseIsFetchedAsStored() throws Exception {
    writeDetails(instanceId, bindingId, "{\"volume_mounts\":[" + OLD_MOUNT + "]}");

    Reply fetched = fetch();

    assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
    JsonNode mount = fetched.json().get("volume_mounts").get(0);
    assertThat(mount.get("device_type").asText()).isEqualTo("block");
    assertThat(mount.get("device").get("volume_id").asText()).isEqualTo("v-1");
  }

  @Test
  void aStoredVolumeMountTodaysCheckWouldRefuseIsAnsweredToAnIdenticalRepeatedBind()
      throws Exception {
    writeDetails(instanceId, bindingId, "{\"volume_mounts\":[" + OLD_MOUNT + "]}");

    Reply repeated = server.call("PUT", binding).json(bindBody).send();

    assertThat(repeated.status()).as(repeated.toString()).isEqualTo(200);
    assertThat(repeated.json().get("volume_mounts").get(0).get("device_type").asText())
        .isEqualTo("block");
  }

  @Test
  void aStoredEndpointTodaysCheckWouldRefuseIsFetchedAsStored() throws Exception {
    writeDetails(instanceId, bindingId, "{\"endpoints\":[" + OLD_ENDPOINT + "]}");

    Reply fetched = fetch();

    assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
    assertThat(fetched.json().get("endpoints").get(0).get("ports").get(0).asText())
        .isEqualTo("0");
  }

  @Test
  void aMalformedVolumeMountAFetchAddsIsStillRefused() throws Exception {
    writeDetails(instanceId, bindingId, "{\"volume_mounts\":[" + OLD_MOUNT + "]}");
    provider.added.set(new VolumeMount("cephdriver", "/more", "rw", "block",
        Map.of("volume_id", "v-2")));

    Reply fetched = fetch();

    assertThat(fetched.status()).as(fetched.toString()).isEqualTo(500);
  }
}
