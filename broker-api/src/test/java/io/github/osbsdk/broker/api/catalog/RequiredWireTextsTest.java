package io.github.osbsdk.broker.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.binding.VolumeMount;
import org.junit.jupiter.api.Test;

/**
 * The canonical constructors of {@link DashboardClient}, {@link MaintenanceInfo} and
 * {@link VolumeMount} refuse a missing required text where it is passed (null with
 * {@code "<name> == null"}, blank with an {@link IllegalArgumentException} naming it), as the
 * rest of the API does, and keep taking null for the fields that may be absent.
 */
class RequiredWireTextsTest {

  @Test
  void aDashboardClientWithoutAnIdIsRefusedWhereItIsBuilt() {
    assertThatThrownBy(() -> new DashboardClient(null, "s", null))
        .isInstanceOf(NullPointerException.class).hasMessage("id == null");
    assertThatThrownBy(() -> new DashboardClient(" \t", "s", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("id is blank");
    assertThat(new DashboardClient("c", null, null).secret()).isNull();
  }

  @Test
  void maintenanceInfoWithoutAVersionIsRefusedWhereItIsBuilt() {
    assertThatThrownBy(() -> new MaintenanceInfo(null, "patches"))
        .isInstanceOf(NullPointerException.class).hasMessage("version == null");
    assertThatThrownBy(() -> new MaintenanceInfo("", "patches"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("version is blank");
    assertThatThrownBy(() -> MaintenanceInfo.of(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("version is blank");
    assertThat(new MaintenanceInfo("1.0.0", null).description()).isNull();
  }

  @Test
  void aVolumeMountWithoutARequiredTextIsRefusedNamingIt() {
    assertThatThrownBy(() -> new VolumeMount(null, "/data", "rw", "shared", null))
        .isInstanceOf(NullPointerException.class).hasMessage("driver == null");
    assertThatThrownBy(() -> new VolumeMount("nfs", null, "rw", "shared", null))
        .isInstanceOf(NullPointerException.class).hasMessage("containerDir == null");
    assertThatThrownBy(() -> new VolumeMount("nfs", "/data", null, "shared", null))
        .isInstanceOf(NullPointerException.class).hasMessage("mode == null");
    assertThatThrownBy(() -> new VolumeMount("nfs", "/data", "rw", null, null))
        .isInstanceOf(NullPointerException.class).hasMessage("deviceType == null");
    assertThatThrownBy(() -> new VolumeMount(" ", "/data", "rw", "shared", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("driver is blank");
    assertThatThrownBy(() -> new VolumeMount("nfs", "", "rw", "shared", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("containerDir is blank");
    assertThat(new VolumeMount("nfs", "/data", "rw", "shared", null).device()).isEmpty();
  }
}
