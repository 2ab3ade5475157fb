package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.binding.Endpoint;
import io.github.osbsdk.broker.api.binding.VolumeMount;
import java.net.URI;
import java.net.URISyntaxException;
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
   * Whether an endpoint is what the spec's Endpoint object says: a host (a host name or an IP
   * address: not blank, without white space or control characters), at least
   * one port, each a port or a range of ports ({@link #isPort}), and, when present, protocol
   * {@code tcp}, {@code udp} or {@code all}.
   */
  static boolean isEndpoint(Endpoint e) {
    return e != null && !e.host().isBlank() && !HttpUrls.hasSpaceOrControl(e.host())
        && !e.ports().isEmpty()
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

  /**
   * Whether a syslog drain URL is an absolute URL with a scheme and an authority (a host, and a
   * port or not: {@code syslog://}, {@code syslog-tls://}, {@code https://}), without white
   * space or control characters: the platform streams an application's logs to it.
   */
  static boolean isSyslogDrainUrl(String url) {
    if (HttpUrls.hasSpaceOrControl(url)) {
      return false;
    }
    try {
      URI u = new URI(url);
      return u.getScheme() != null && u.getRawAuthority() != null
          && !u.getRawAuthority().startsWith(":");
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * Whether a route service URL is an absolute {@code https} URL with a host, without white space
   * or control characters: Cloud Foundry proxies an application's requests to it, and its Cloud
   * Controller refuses a binding whose route service URL has another scheme.
   */
  static boolean isRouteServiceUrl(String url) {
    return url.regionMatches(true, 0, "https://", 0, 8) && !HttpUrls.hasSpaceOrControl(url)
        && HttpUrls.absoluteWithHost(url);
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
