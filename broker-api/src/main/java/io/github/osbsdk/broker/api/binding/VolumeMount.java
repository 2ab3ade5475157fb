package io.github.osbsdk.broker.api.binding;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import java.util.Map;

/**
 * A volume mount of a binding ({@code requires: ["volume_mount"]}).
 *
 * @param driver the volume driver
 * @param containerDir the path in the application container
 * @param mode {@code r} or {@code rw}
 * @param deviceType {@code shared}
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
   * Copies the device (deeply unmodifiable, JSON nulls kept).
   *
   * @param driver the volume driver (required: the SDK answers a bind or fetch with a null one
   *     500, logged as a provider bug, as for each required field below)
   * @param containerDir the path in the application container (required, not null)
   * @param mode {@code r} or {@code rw} (required, not null)
   * @param deviceType {@code shared} (required, not null)
   * @param device the device, or null for none
   */
  public VolumeMount {
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
