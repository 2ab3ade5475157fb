package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

  String canonicalJson(Object value) {
    try {
      return canonical.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  String instance(String serviceId, String planId, Map<String, Object> parameters, String org,
      String space, String maintenanceVersion) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("service_id", serviceId);
    m.put("plan_id", planId);
    m.put("parameters", parameters == null || parameters.isEmpty() ? null : parameters);
    m.put("organization_guid", org);
    m.put("space_guid", space);
    m.put("maintenance_info", maintenanceVersion);
    return digest(m);
  }

  String binding(String serviceId, String planId, Map<String, Object> parameters,
      Map<String, Object> bindResource, String appGuid) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("service_id", serviceId);
    m.put("plan_id", planId);
    m.put("parameters", parameters == null || parameters.isEmpty() ? null : parameters);
    m.put("bind_resource", bindResource);
    m.put("app_guid", appGuid);
    return digest(m);
  }

  private String digest(Map<String, Object> fields) {
    try {
      byte[] json = canonical.writeValueAsBytes(fields);
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(json);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          java.util.Arrays.copyOf(sha, 16));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
