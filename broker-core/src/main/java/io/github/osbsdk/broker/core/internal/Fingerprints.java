package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one definition of "identical" for repeated requests. Two provisions are identical when they
 * name the same {@code service_id}, {@code plan_id}, {@code parameters},
 * {@code organization_guid}, {@code space_guid} and {@code maintenance_info.version}; two binds
 * when they name the same {@code service_id}, {@code plan_id}, {@code parameters},
 * {@code bind_resource} and {@code app_guid}. The {@code context} object is left out: platforms
 * may change it between retries. The fingerprint is a SHA-256 digest (128 bits, base64url) of the
 * canonical JSON of those fields, object keys sorted.
 */
public final class Fingerprints {
  private final ObjectWriter canonical;

  /**
   * Creates the fingerprinter.
   *
   * @param canonical a writer that sorts map keys
   */
  Fingerprints(ObjectWriter canonical) {
    this.canonical = canonical;
  }

  /**
   * The canonical JSON of {@code parameters} as the registry stores and fingerprints it.
   *
   * @return the JSON, or null when there are none (null or empty)
   */
  String canonicalParameters(Map<String, Object> parameters) {
    return parameters == null || parameters.isEmpty() ? null : canonicalJson(parameters);
  }

  String canonicalJson(Object value) {
    try {
      return canonical.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The fingerprint of a provision or update.
   *
   * @param parameters {@link #canonicalParameters}: embedded as they are, not serialized again
   */
  String instance(String serviceId, String planId, String parameters, String org,
      String space, String maintenanceVersion) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("service_id", serviceId);
    m.put("plan_id", planId);
    m.put("parameters", raw(parameters));
    m.put("organization_guid", org);
    m.put("space_guid", space);
    m.put("maintenance_info", maintenanceVersion);
    return digest(m);
  }

  /**
   * The fingerprint of a bind.
   *
   * @param parameters {@link #canonicalParameters}
   * @param bindResource the canonical JSON of {@code bind_resource}, or null
   */
  String binding(String serviceId, String planId, String parameters, String bindResource,
      String appGuid) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("service_id", serviceId);
    m.put("plan_id", planId);
    m.put("parameters", raw(parameters));
    m.put("bind_resource", raw(bindResource));
    m.put("app_guid", appGuid);
    return digest(m);
  }

  /** Canonical JSON already made, written into the fingerprint's JSON as it is. */
  private static RawValue raw(String canonicalJson) {
    return canonicalJson == null ? null : new RawValue(canonicalJson);
  }

  private String digest(Map<String, Object> fields) {
    try {
      byte[] json = canonical.writeValueAsBytes(fields);
      byte[] sha = Sha256.of(json);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          java.util.Arrays.copyOf(sha, 16));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
