package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.binding.Endpoint;
import io.github.osbsdk.broker.api.binding.VolumeMount;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shapes OSB gives a binding's endpoints and volume mounts, which
 * {@link ProviderAnswers} checks a provider's answers against.
 */
final class BindingDetailShapes {
  private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "all");
  /** A port ("443") or a port range ("9000-9010"), the two forms the spec allows. */
  private static final Pattern PORT = Pattern.compile("([0-9]{1,5})(?:-([0-9]{1,5}))?");

  private BindingDetailShapes() {
  }

  /**
   * Whether an endpoint is what the spec's Endpoint object says: a host (not blank), at least
   * one port, each a port or a range of ports ({@link #isPort}), and, when present, protocol
   * {@code tcp}, {@code udp} or {@code all}.
   */
  static boolean isEndpoint(Endpoint e) {
    return e != null && !e.host().isBlank() && !e.ports().isEmpty()
        && e.ports().stream().allMatch(BindingDetailShapes::isPort)
        && (e.protocol() == null || PROTOCOLS.contains(e.protocol()));
  }

  /**
   * Whether a volume mount is what the spec's Volume Mount object says: a driver and a container
   * directory (not blank), mode {@code r} or {@code rw}, device type {@code shared} (the only one
   * the spec has), a device with a {@code volume_id} (not blank) and, when present, a
   * {@code mount_config} object.
   */
  static boolean isVolumeMount(VolumeMount v) {
    return v != null && v.driver() != null && !v.driver().isBlank() && v.containerDir() != null
        && !v.containerDir().isBlank() && ("r".equals(v.mode()) || "rw".equals(v.mode()))
        && "shared".equals(v.deviceType())
        && v.device().get("volume_id") instanceof String id && !id.isBlank()
        && (!v.device().containsKey("mount_config")
            || v.device().get("mount_config") instanceof Map<?, ?>);
  }

  /** Whether an endpoint's port is a port or an ascending range of ports, 1 to 65535. */
  private static boolean isPort(String port) {
    Matcher m = PORT.matcher(port);
    if (!m.matches()) {
      return false;
    }
    int low = Integer.parseInt(m.group(1));
    int high = m.group(2) == null ? low : Integer.parseInt(m.group(2));
    return low >= 1 && low <= high && high <= 65_535;
  }
}
