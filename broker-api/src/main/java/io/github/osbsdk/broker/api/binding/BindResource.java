package io.github.osbsdk.broker.api.binding;

import com.fasterxml.jackson.annotation.JsonValue;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import java.util.Map;

/**
 * {@code bind_resource} of a bind request; every key is kept as sent. IBM Cloud may send
 * {@code account_id}, {@code serviceid_crn} and {@code target_crn}. When the request sent the
 * deprecated top-level {@code app_guid} and this object has no {@code app_guid} string (or was
 * not sent), the SDK adds that one as {@code app_guid}: OSB deprecates it in favour of
 * {@code bind_resource.app_guid}. The SDK refuses with 400 a bind whose {@code app_guid},
 * {@code route} (OSB) or {@code space_guid} (Cloud Foundry profile) is sent but not a non-empty
 * string, or whose {@code account_id}, {@code serviceid_crn} or {@code target_crn} is sent but not
 * a string (JSON null counts as not sent); any other key (Cloud Foundry's
 * {@code credential_client_id}, say) reaches you as sent, whatever its type.
 *
 * @param properties the object as sent, unmodifiable
 */
public record BindResource(@JsonValue Map<String, Object> properties) {
  /**
   * Copies the properties.
   *
   * @param properties the object as sent (copied, unmodifiable), or null for an empty one
   */
  public BindResource {
    properties = JsonCopies.map(properties);
  }

  private String string(String key) {
    Object v = properties.get(key);
    return v instanceof String s ? s : null;
  }

  /**
   * The Cloud Foundry application the binding is for ({@code bind_resource.app_guid}).
   *
   * @return {@code app_guid}, or null
   */
  public String appGuid() {
    return string("app_guid");
  }

  /**
   * The route the binding is for, for route services ({@code bind_resource.route}).
   *
   * @return {@code route}, or null
   */
  public String route() {
    return string("route");
  }

  /**
   * The IBM Cloud account the binding is made in ({@code bind_resource.account_id}).
   *
   * @return IBM Cloud's {@code account_id}, or null
   */
  public String accountId() {
    return string("account_id");
  }

  /**
   * The IBM Cloud service ID the credentials are made for ({@code bind_resource.serviceid_crn}).
   *
   * @return IBM Cloud's {@code serviceid_crn}, or null
   */
  public String serviceIdCrn() {
    return string("serviceid_crn");
  }

  /**
   * The IBM Cloud deployment target of the binding ({@code bind_resource.target_crn}).
   *
   * @return IBM Cloud's {@code target_crn}, or null
   */
  public String targetCrn() {
    return string("target_crn");
  }
}
