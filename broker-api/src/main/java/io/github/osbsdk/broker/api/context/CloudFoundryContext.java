package io.github.osbsdk.broker.api.context;

import io.github.osbsdk.broker.api.internal.JsonCopies;
import io.github.osbsdk.broker.api.internal.MaskedValues;
import java.util.Map;

/**
 * The context Cloud Foundry sends ({@code platform: "cloudfoundry"}).
 *
 * @param properties the context object, unmodifiable
 */
public record CloudFoundryContext(Map<String, Object> properties) implements PlatformContext {
  /**
   * Copies the properties.
   *
   * @param properties the context object (copied, unmodifiable), or null for an empty one
   */
  public CloudFoundryContext {
    properties = JsonCopies.map(properties);
  }

  /**
   * The Cloud Foundry organization the instance is created in.
   *
   * @return {@code organization_guid}, or null
   */
  public String organizationGuid() {
    return string("organization_guid");
  }

  /**
   * The name of the Cloud Foundry organization the instance is created in.
   *
   * @return {@code organization_name}, or null
   */
  public String organizationName() {
    return string("organization_name");
  }

  /**
   * The Cloud Foundry space the instance is created in.
   *
   * @return {@code space_guid}, or null
   */
  public String spaceGuid() {
    return string("space_guid");
  }

  /**
   * The name of the Cloud Foundry space the instance is created in.
   *
   * @return {@code space_name}, or null
   */
  public String spaceName() {
    return string("space_name");
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
    return "CloudFoundryContext" + MaskedValues.context(properties);
  }
}
