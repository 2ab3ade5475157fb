package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fingerprints are stored by the registry and compared across versions and replicas: embedding
 * already-made canonical JSON must give the digest of serializing the whole field map at once.
 */
class FingerprintsTest {
  private final ObjectWriter canonical =
      Json.newMapper().writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private final Fingerprints fp = BrokerServices.fingerprints(Json.newMapper());

  /** The digest as computed before the canonical JSON was reused: the whole map serialized. */
  private String wholeMapDigest(Map<String, Object> fields) throws Exception {
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(canonical.writeValueAsBytes(fields));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha, 16));
  }

  private static Map<String, Object> nested() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", 1);
    inner.put("a", List.of("x", Map.of("k", true)));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("zone", "eu-de");
    p.put("limits", inner);
    p.put("empty", Map.of());
    p.put("none", null);
    return p;
  }

  @Test
  void instanceFingerprintIsTheDigestOfTheWholeFieldMap() throws Exception {
    Map<String, Object> params = nested();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("service_id", "svc");
    fields.put("plan_id", "plan");
    fields.put("parameters", params);
    fields.put("organization_guid", "org");
    fields.put("space_guid", null);
    fields.put("maintenance_info", "1.2");
    assertThat(fp.instance("svc", "plan", fp.canonicalParameters(params), "org", null, "1.2"))
        .isEqualTo(wholeMapDigest(fields));
  }

  @Test
  void emptyOrMissingParametersFingerprintAlike() throws Exception {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("service_id", "svc");
    fields.put("plan_id", "plan");
    fields.put("parameters", null);
    fields.put("organization_guid", null);
    fields.put("space_guid", null);
    fields.put("maintenance_info", null);
    assertThat(fp.canonicalParameters(Map.of())).isNull();
    assertThat(fp.instance("svc", "plan", fp.canonicalParameters(Map.of()), null, null, null))
        .isEqualTo(fp.instance("svc", "plan", null, null, null, null))
        .isEqualTo(wholeMapDigest(fields));
  }

  @Test
  void bindingFingerprintIsTheDigestOfTheWholeFieldMap() throws Exception {
    Map<String, Object> params = nested();
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("route", "r");
    resource.put("app_guid", "app");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("service_id", "svc");
    fields.put("plan_id", "plan");
    fields.put("parameters", params);
    fields.put("bind_resource", resource);
    fields.put("app_guid", "app");
    assertThat(fp.binding("svc", "plan", fp.canonicalParameters(params),
        fp.canonicalJson(resource), "app")).isEqualTo(wholeMapDigest(fields));
    fields.put("bind_resource", Map.of());
    assertThat(fp.binding("svc", "plan", fp.canonicalParameters(params), fp.canonicalJson(
        Map.of()), "app")).isEqualTo(wholeMapDigest(fields));
  }
}
