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
   * @param properties the context object (copied, unmodifiable), or null for an empty one
   */
  public KubernetesContext {
    properties = JsonCopies.map(properties);
  }

  /**
   * The Kubernetes namespace the instance is created in.
   *
   * @return {@code namespace}, or null
   */
  public String namespace() {
    return string("namespace");
  }

  /**
   * The Kubernetes cluster the instance is created in.
   *
   * @return {@code clusterid}, or null
   */
  public String clusterId() {
    return string("clusterid");
  }

  /**
   * The name the user gave the instance.
   *
   * @return {@code instance_name}, or null
   */
  public String instanceName() {
    return string("instance_name");
  }

  /**
   * Describes the context for logs: its keys and platform, never its values.
   *
   * @return the context with its keys and {@code platform}, every other value masked
   */
  @Override
  public String toString() {
    return "KubernetesContext" + MaskedValues.context(properties);
  }
}
