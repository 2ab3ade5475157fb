package io.github.osbsdk.broker.api.context;

import io.github.osbsdk.broker.api.internal.JsonCopies;
import io.github.osbsdk.broker.api.internal.MaskedValues;
import java.util.Map;

/**
 * The context Kubernetes sends ({@code platform: "kubernetes"}).
 *
 * @param properties the context object, unmodifiable
 */
public record KubernetesContext(Map<String, Object> properties) implements PlatformContext {
  /**
   * Copies the properties.
   *
   * @param properties the context object, unmodifiable
   */
  public KubernetesContext {
    properties = JsonCopies.map(properties);
  }

  /** @return {@code namespace}, or null */
  public String namespace() {
    return string("namespace");
  }

  /** @return {@code clusterid}, or null */
  public String clusterId() {
    return string("clusterid");
  }

  /** @return {@code instance_name}, or null */
  public String instanceName() {
    return string("instance_name");
  }

  /** @return the context with its keys and {@code platform}, every other value masked */
  @Override
  public String toString() {
    return "KubernetesContext" + MaskedValues.context(properties);
  }
}
