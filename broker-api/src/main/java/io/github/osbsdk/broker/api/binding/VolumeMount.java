package io.github.osbsdk.broker.api.binding;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import io.github.osbsdk.broker.api.internal.RequiredText;
import java.util.Map;

/**
 * A volume mount of a binding ({@code requires: ["volume_mount"]}).
 *
 * @param driver the volume driver (required, not blank)
 * @param containerDir the path in the application container (required, not blank)
 * @param mode {@code r} or {@code rw} (required)
 * @param deviceType {@code shared} (required)
 * @param device the device: {@code volume_id} and optional {@code mount_config} (which may hold
 *     the share's user and password, so {@link #toString()} leaves it out); a deeply
 *     unmodifiable copy, empty when none (null is taken as empty; an empty one is not written)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VolumeMount(
    @JsonProperty("driver") String driver,
    @JsonProperty("container_dir") String containerDir,
    @JsonProperty("mode") String mode,
    @JsonProperty("device_type") String deviceType,
    @JsonProperty("device") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, Object> device) {
  /**
   * Checks the required fields and copies the device (deeply unmodifiable, JSON nulls kept).
   *
   * @param driver the volume driver (required, not blank)
   * @param containerDir the path in the application container (required, not blank)
   * @param mode {@code r} or {@code rw} (required, not blank; another value is answered 500 as a
   *     provider bug when the SDK checks the bind or fetch answer, as is a device without a
   *     {@code volume_id})
   * @param deviceType {@code shared} (required, not blank; as {@code mode} for another value)
   * @param device the device, or null for none
   * @throws NullPointerException when a required field is null
   * @throws IllegalArgumentException when a required field is blank
   */
  public VolumeMount {
    RequiredText.check(driver, "driver");
    RequiredText.check(containerDir, "containerDir");
    RequiredText.check(mode, "mode");
    RequiredText.check(deviceType, "deviceType");
    device = JsonCopies.map(device);
  }

  /**
   * Describes the mount for logs: its {@code volume_id}, never its {@code mount_config}.
   *
   * @return the mount with its {@code volume_id}, never its {@code mount_config}
   */
  @Override
  public String toString() {
    String shown = device.isEmpty() ? "{}" : "{volume_id=" + device.get("volume_id")
        + (device.containsKey("mount_config") ? ", mount_config=***" : "") + "}";
    return "VolumeMount[driver=" + driver + ", containerDir=" + containerDir + ", mode=" + mode
        + ", deviceType=" + deviceType + ", device=" + shown + "]";
  }
}
