package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.VolumeMount;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Over real HTTP: a bind answer's {@code volume_mounts} must be what the spec's Volume Mount
 * object says (driver, container_dir, mode {@code r} or {@code rw}, device_type {@code shared},
 * device with a {@code volume_id}, {@code mount_config} an object when present); a malformed one
 * is a provider bug (500) that leaves no binding, as other malformed answers do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VolumeMountAnswersTest {
  private static final String SERVICE = "svc-volumes";
  private static final String PLAN = "plan-volumes";

  /** Binds with the volume mount the test put under the bind's {@code mount} parameter key. */
  private static final class Provider extends ImmediateInstancesProvider {
    final Map<String, VolumeMount> mounts = new java.util.concurrent.ConcurrentHashMap<>();

    Provider() {
      super(Catalog.of(ServiceOffering.builder(SERVICE, "volumes", "Shared volumes")
          .bindable(true).requires("volume_mount")
          .plan(Plan.builder(PLAN, "standard", "A volume").build()).build()));
    }

    @Override
    public BindResult bind(BindRequest request) {
      VolumeMount mount = mounts.get((String) request.parameters().get("mount"));
      return BindResult.builder().credentials(Map.of("user", "u"))
          .volumeMounts(List.of(mount)).build();
    }
  }

  private final Provider provider = new Provider();
  private final TestServer server = new TestServer(Broker.builder(provider)
      .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD)).build());
  private final String instance = "/v2/service_instances/" + UUID.randomUUID();

  @AfterAll
  void stop() {
    server.close();
  }

  private static Map<String, Object> device(Object volumeId, Object mountConfig) {
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("volume_id", volumeId);
    if (mountConfig != null) {
      device.put("mount_config", mountConfig);
    }
    return device;
  }

  private static VolumeMount mount(String driver, String dir, String mode, String deviceType,
      Map<String, Object> device) {
    return new VolumeMount(driver, dir, mode, deviceType, device);
  }

  /** Binds answering {@code mount}; returns the answer and the binding's path. */
  private Reply[] bound(VolumeMount mount) {
    if (server.call("GET", instance).send().status() == 404) {
      Reply created = server.call("PUT", instance).json("{\"service_id\":\"" + SERVICE
          + "\",\"plan_id\":\"" + PLAN + "\",\"context\":{\"platform\":\"test\"}}").send();
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }
    String key = UUID.randomUUID().toString();
    provider.mounts.put(key, mount);
    String binding = instance + "/service_bindings/" + UUID.randomUUID();
    Reply r = server.call("PUT", binding).json("{\"service_id\":\"" + SERVICE
        + "\",\"plan_id\":\"" + PLAN + "\",\"parameters\":{\"mount\":\"" + key + "\"}}").send();
    Reply fetched = server.call("GET", binding).send();
    return new Reply[] {r, fetched};
  }

  @Test
  void aWellFormedSharedVolumeMountIsAnswered() {
    Reply[] r = bound(mount("nfs", "/data", "rw", "shared",
        device("vol-1", Map.of("uid", "1000"))));

    assertThat(r[0].status()).as(r[0].toString()).isEqualTo(201);
    assertThat(r[0].json().at("/volume_mounts/0/device_type").asText()).isEqualTo("shared");
    assertThat(r[0].json().at("/volume_mounts/0/device/volume_id").asText()).isEqualTo("vol-1");
    assertThat(bound(mount("nfs", "/data", "r", "shared", device("vol-2", null)))[0].status())
        .isEqualTo(201);
  }

  @Test
  void aVolumeMountWhoseDeviceTypeIsNotSharedIsRefusedAndLeavesNoBinding() {
    // spec (Volume Mount object): device_type* "Currently the only supported value is shared"
    for (String type : new String[] {"block", "Shared"}) {
      Reply[] r = bound(mount("nfs", "/data", "rw", type, device("vol-1", null)));

      assertThat(r[0].status()).as(type + ": " + r[0]).isEqualTo(500);
      assertThat(r[0].json().has("volume_mounts")).isFalse();
      assertThat(r[1].status()).as(type + ": " + r[1]).isEqualTo(404);
    }
  }

  @Test
  void aVolumeMountWithoutADeviceOrWithABadModeIsRefused() {
    // a null or blank driver, container_dir, mode or device_type: refused where the provider
    // builds the VolumeMount (broker-api's RequiredWireTextsTest), so its bind throws: 500 too
    List<VolumeMount> malformed = List.of(
        mount("nfs", "/data", "w", "shared", device("vol-1", null)),
        mount("nfs", "/data", "rw", "shared", null),
        mount("nfs", "/data", "rw", "shared", device(7, null)),
        mount("nfs", "/data", "rw", "shared", device("", null)));
    for (VolumeMount m : malformed) {
      Reply[] r = bound(m);

      assertThat(r[0].status()).as(m + ": " + r[0]).isEqualTo(500);
      assertThat(r[1].status()).as(m + ": " + r[1]).isEqualTo(404);
    }
  }

  @Test
  void aVolumeMountWhoseMountConfigIsNotAnObjectIsRefused() {
    // spec (Device object): mount_config "object", passed to the driver
    Map<String, Object> device = new HashMap<>(device("vol-1", null));
    device.put("mount_config", "uid=1000");

    Reply[] r = bound(mount("nfs", "/data", "rw", "shared", device));

    assertThat(r[0].status()).as(r[0].toString()).isEqualTo(500);
    assertThat(r[1].status()).as(r[1].toString()).isEqualTo(404);
  }
}
