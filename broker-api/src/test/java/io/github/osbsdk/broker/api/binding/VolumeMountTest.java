package io.github.osbsdk.broker.api.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeMountTest {
  private static VolumeMount smbMount() {
    return new VolumeMount("smbdriver", "/var/vcap/data/share", "rw", "shared",
        Map.of("volume_id", "vol-1", "mount_config",
            Map.of("source", "//fs.example.com/share", "username", "svc-user",
                "password", "s3cret-share-pw")));
  }

  @Test
  void toStringNeverShowsTheMountConfigWhichMayHoldThePassword() {
    VolumeMount mount = smbMount();

    assertThat(mount.toString()).doesNotContain("s3cret-share-pw").doesNotContain("svc-user")
        .contains("smbdriver").contains("/var/vcap/data/share").contains("vol-1");
    assertThat(List.of(mount).toString()).doesNotContain("s3cret-share-pw");
    assertThat(mount.device().get("mount_config")).isInstanceOf(Map.class);
  }

  @Test
  void toStringOfAMountWithoutDeviceStillWorks() {
    assertThat(new VolumeMount("d", "/dir", "r", "shared", null).toString())
        .contains("/dir").contains("device={}");
  }

  @Test
  void aDeviceWithAJsonNullIsKeptAsSent() {
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("volume_id", "vol-1");
    device.put("mount_config", null);

    VolumeMount mount = new VolumeMount("d", "/dir", "r", "shared", device);
    device.put("volume_id", "vol-2");

    assertThat(mount.device()).containsEntry("volume_id", "vol-1")
        .containsEntry("mount_config", null).hasSize(2);
  }
}
