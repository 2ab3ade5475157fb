package io.github.osbsdk.broker.api.context;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code context} object of a request body. Every key is kept exactly as sent (snake_case);
 * typed implementations add accessors for the keys their platform documents.
 *
 * <p>Not sealed: switch over the known implementations and keep a default branch, because
 * platforms unknown to the SDK arrive as {@link GenericPlatformContext}.
 */
public interface PlatformContext {
  /** The {@code platform} value of Cloud Foundry. */
  String CLOUD_FOUNDRY = "cloudfoundry";
  /** The {@code platform} value of Kubernetes. */
  String KUBERNETES = "kubernetes";
  /** The {@code platform} value of IBM Cloud. */
  String IBM_CLOUD = "ibmcloud";

  /**
   * The platform the request comes from ({@code ibmcloud}, {@code cloudfoundry}, {@code
   * kubernetes}).
   *
   * @return the {@code platform} value, or null when the context has none
   */
  default String platform() {
    Object p = properties().get("platform");
    return p instanceof String s ? s : null;
  }

  /**
   * The {@code context} object of the request body, every key as the platform sent it.
   *
   * @return every key of the context as sent, unmodifiable
   */
  @JsonValue
  Map<String, Object> properties();

  /**
   * A string value of the request's {@code context} object.
   *
   * @param key a key of the context
   * @return its value when it is a string, else null
   */
  default String string(String key) {
    Object v = properties().get(key);
    return v instanceof String s ? s : null;
  }

  /**
   * Wraps a decoded context object in the implementation for its platform.
   *
   * @param properties the JSON object
   * @return a typed context for known platforms, else a {@link GenericPlatformContext}
   */
  static PlatformContext of(Map<String, Object> properties) {
    Object platform = Objects.requireNonNull(properties, "properties == null").get("platform");
    if (CLOUD_FOUNDRY.equals(platform)) {
      return new CloudFoundryContext(properties);
    }
    if (KUBERNETES.equals(platform)) {
      return new KubernetesContext(properties);
    }
    if (IBM_CLOUD.equals(platform)) {
      return new IbmCloudContext(properties);
    }
    return new GenericPlatformContext(properties);
  }
}
