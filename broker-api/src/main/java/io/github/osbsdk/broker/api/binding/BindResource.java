package io.github.osbsdk.broker.api.binding;

import com.fasterxml.jackson.annotation.JsonValue;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import java.util.Map;

/**
 * {@code bind_resource} of a bind request; every key is kept as sent. IBM Cloud may send
 * {@code account_id}, {@code serviceid_crn} and {@code target_crn}.
 *
 * @param properties the object as sent, unmodifiable
 */
public record BindResource(@JsonValue Map<String, Object> properties) {
  /**
   * Copies the properties.
   *
   * @param properties the object as sent, unmodifiable
   */
  public BindResource {
    properties = JsonCopies.map(properties);
  }

  private String string(String key) {
    Object v = properties.get(key);
    return v instanceof String s ? s : null;
  }

  /** @return {@code app_guid}, or null */
  public String appGuid() {
    return string("app_guid");
  }

  /** @return {@code route}, or null */
  public String route() {
    return string("route");
  }

  /** @return IBM Cloud's {@code account_id}, or null */
  public String accountId() {
    return string("account_id");
  }

  /** @return IBM Cloud's {@code serviceid_crn}, or null */
  public String serviceIdCrn() {
    return string("serviceid_crn");
  }

  /** @return IBM Cloud's {@code target_crn}, or null */
  public String targetCrn() {
    return string("target_crn");
  }
}
