package io.github.osbsdk.broker.api.context;

import io.github.osbsdk.broker.api.internal.JsonCopies;
import io.github.osbsdk.broker.api.internal.MaskedValues;
import java.util.Map;

/**
 * The context IBM Cloud sends ({@code platform: "ibmcloud"}).
 *
 * @param properties the context object, unmodifiable
 */
public record IbmCloudContext(Map<String, Object> properties) implements PlatformContext {
  /**
   * Copies the properties.
   *
   * @param properties the context object (copied, unmodifiable), or null for an empty one
   */
  public IbmCloudContext {
    properties = JsonCopies.map(properties);
  }

  /**
   * The IBM Cloud account that owns the instance.
   *
   * @return {@code account_id}, or null
   */
  public String accountId() {
    return string("account_id");
  }

  /**
   * The instance's CRN, the id IBM Cloud also sends as the instance id.
   *
   * @return {@code crn}, the instance CRN, or null
   */
  public String crn() {
    return string("crn");
  }

  /**
   * The resource group the instance is created in.
   *
   * @return {@code resource_group_crn}, or null
   */
  public String resourceGroupCrn() {
    return string("resource_group_crn");
  }

  /**
   * Where the instance is deployed (the location of the catalog the user chose).
   *
   * @return {@code target_crn}, the deployment target (location), or null
   */
  public String targetCrn() {
    return string("target_crn");
  }

  /**
   * The name the customer gave the instance.
   *
   * @return {@code name}, the instance name the customer chose, or null
   */
  public String name() {
    return string("name");
  }

  /**
   * Describes the context for logs: its keys and platform, never its values.
   *
   * @return the context with its keys and {@code platform}, every other value masked
   */
  @Override
  public String toString() {
    return "IbmCloudContext" + MaskedValues.context(properties);
  }
}
