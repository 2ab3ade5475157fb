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
      JacksonConfiguration.newMapper().writer()
          .with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private final Fingerprints fp = BrokerServices.fingerprints(JacksonConfiguration.newMapper());

  /**
   * The stored format's reference: the canonical JSON of a value converted to maps and lists,
   * serialized with map entries ordered by key (how fingerprints were first made).
   */
  private String mapJson(Object value) throws Exception {
    return canonical.writeValueAsString(value);
  }

  /** The reference for {@code parameters}: null when there are none. */
  private String mapParameters(Map<String, Object> parameters) throws Exception {
    return parameters == null || parameters.isEmpty() ? null : mapJson(parameters);
  }

  /** A request's JSON object as the SDK holds it. */
  private static com.fasterxml.jackson.databind.node.ObjectNode tree(Map<String, Object> map) {
    return JacksonConfiguration.newMapper().valueToTree(map);
  }

  /** The digest as computed before the canonical JSON was reused: the whole map serialized. */
  private String wholeMapDigest(Map<String, Object> fields) throws Exception {
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(canonical.writeValueAsBytes(fields));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha, 16));
  }

  /**
   * The fields an instance fingerprint is the digest of, in their order, as older versions
   * made them (an update's adds the context after them).
   */
  private static Map<String, Object> instanceFields(Map<String, Object> parameters,
      String organizationGuid, String maintenanceInfo) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("service_id", "svc");
    fields.put("plan_id", "plan");
    fields.put("parameters", parameters);
    fields.put("organization_guid", organizationGuid);
    fields.put("space_guid", null);
    fields.put("maintenance_info", maintenanceInfo);
    return fields;
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
  void deletionFingerprintKeepsItsStoredFormAndIsComparedWithoutThePlanOrTheMode() {
    // the form replicas on earlier builds store and compare as a whole
    assertThat(Fingerprints.deletion(false, "svc", "plan-a")).isEqualTo("false 3:svcplan-a");
    String sync = Fingerprints.deletion(false, "svc", "plan-a");
    assertThat(Fingerprints.sameDeletion(sync, Fingerprints.deletion(false, "svc", "plan-b")))
        .isTrue();
    assertThat(Fingerprints.sameDeletion(sync, Fingerprints.deletion(true, "svc", "plan-a")))
        .isTrue();
    assertThat(Fingerprints.sameDeletion(Fingerprints.deletion(true, "svc", "plan-b"), sync))
        .isTrue();
    assertThat(Fingerprints.sameDeletion(sync, Fingerprints.deletion(true, "svc2", "plan-a")))
        .isFalse();
    // the service id is length-prefixed: "svcp" + "lan-a" is another service
    assertThat(Fingerprints.sameDeletion(sync, Fingerprints.deletion(false, "svcp", "lan-a")))
        .isFalse();
    assertThat(Fingerprints.sameDeletion(sync, null)).isFalse();
    assertThat(Fingerprints.sameDeletion("not-a-deletion", "not-a-deletion")).isTrue();
    assertThat(Fingerprints.sameDeletion("false 99:svc", "false 99:svc-other")).isFalse();
  }

  @Test
  void instanceFingerprintIsTheDigestOfTheWholeFieldMap() throws Exception {
    Map<String, Object> params = nested();
    Map<String, Object> fields = instanceFields(params, "org", "1.2");
    assertThat(fp.instance("svc", "plan", fp.canonicalParameters(tree(params)), "org", null,
        "1.2"))
        .isEqualTo(wholeMapDigest(fields));
  }

  @Test
  void emptyOrMissingParametersFingerprintAlike() throws Exception {
    Map<String, Object> fields = instanceFields(null, null, null);
    assertThat(fp.canonicalParameters(tree(Map.of()))).isNull();
    assertThat(fp.instance("svc", "plan", fp.canonicalParameters(tree(Map.of())), null, null,
        null))
        .isEqualTo(fp.instance("svc", "plan", null, null, null, null))
        .isEqualTo(wholeMapDigest(fields));
  }

  @Test
  void updateFingerprintIsTheDigestOfTheWholeFieldMapWithTheContext() throws Exception {
    Map<String, Object> params = nested();
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("platform", "ibmcloud");
    context.put("name", "renamed");
    Map<String, Object> fields = instanceFields(params, null, "1.2");
    String withoutContext = wholeMapDigest(fields);
    fields.put("context", context);
    assertThat(fp.update("svc", "plan", fp.canonicalParameters(tree(params)), "1.2",
        fp.canonicalJson(tree(context)))).isEqualTo(wholeMapDigest(fields));
    fields.put("context", null);
    assertThat(fp.update("svc", "plan", fp.canonicalParameters(tree(params)), "1.2", null))
        .isEqualTo(wholeMapDigest(fields))
        .as("never the form older versions made without the context").isNotEqualTo(
            fp.instance("svc", "plan", fp.canonicalParameters(tree(params)), null, null, "1.2"))
        .isNotEqualTo(withoutContext);
    assertThat(fp.instance("svc", "plan", fp.canonicalParameters(tree(params)), null, null,
        "1.2")).isEqualTo(withoutContext);
  }

  @Test
  void updatesWithAnotherContextFingerprintDifferently() {
    String renamed = fp.canonicalJson(tree(Map.of("platform", "ibmcloud", "name", "one")));
    String again = fp.canonicalJson(tree(Map.of("name", "one", "platform", "ibmcloud")));
    String other = fp.canonicalJson(tree(Map.of("platform", "ibmcloud", "name", "two")));
    assertThat(fp.update("svc", "plan", null, null, renamed))
        .isEqualTo(fp.update("svc", "plan", null, null, again))
        .isNotEqualTo(fp.update("svc", "plan", null, null, other))
        .isNotEqualTo(fp.update("svc", "plan", null, null, fp.canonicalJson(tree(Map.of()))))
        .isNotEqualTo(fp.update("svc", "plan", null, null, null));
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
    assertThat(fp.binding("svc", "plan", fp.canonicalParameters(tree(params)),
        fp.canonicalJson(tree(resource)), "app")).isEqualTo(wholeMapDigest(fields));
    fields.put("bind_resource", Map.of());
    assertThat(fp.binding("svc", "plan", fp.canonicalParameters(tree(params)), fp.canonicalJson(
        tree(Map.of())), "app")).isEqualTo(wholeMapDigest(fields));
  }

  @Test
  void canonicalJsonOfARequestTreeEqualsThatOfItsMap() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper mapper = JacksonConfiguration.newMapper();
    JsonFields fields = new JsonFields(mapper);
    String[] bodies = {
      "{}",
      "{\"zone\":\"eu-de\",\"limits\":{\"z\":1,\"a\":[\"x\",{\"k\":true}]},\"empty\":{},"
          + "\"none\":null}",
      "{\"b\":[],\"a\":[[1,2],[{\"y\":null,\"x\":-0.0}]],"
          + "\"\u00e9t\u00e9\":\"\u00fc\\n\\\"\",\"Z\":1}",
      "{\"n\":{\"int\":2147483647,\"long\":9223372036854775807,"
          + "\"big\":123456789012345678901234567890,\"neg\":-17,\"d\":1.5e300,"
          + "\"small\":1.0E-7,\"f\":0.1,\"exp\":2E3}}",
      "{\"\ud83d\ude00\":1,\"\uffff\":2,\"a\":3,\"\\u0001\":4,\"tag\":\"<script>\u2028\"}",
    };
    for (String body : bodies) {
      com.fasterxml.jackson.databind.node.ObjectNode node =
          (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(body);
      Map<String, Object> map = fields.toMap(node);
      assertThat(fp.canonicalJson(node)).as(body).isEqualTo(mapJson(map));
      assertThat(fp.canonicalParameters(node)).as(body).isEqualTo(mapParameters(map));
    }
    assertThat(fp.canonicalParameters(null)).isNull();
    assertThat(fp.canonicalJson(null)).isNull();
  }

  @Test
  void canonicalJsonOfRandomTreesEqualsThatOfTheirMaps() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper mapper = JacksonConfiguration.newMapper();
    JsonFields fields = new JsonFields(mapper);
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 500; i++) {
      String body = mapper.writeValueAsString(randomObject(random, 0));
      com.fasterxml.jackson.databind.node.ObjectNode node =
          (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(body);
      assertThat(fp.canonicalJson(node)).as(body).isEqualTo(mapJson(fields.toMap(node)));
    }
  }

  private static Map<String, Object> randomObject(java.util.Random r, int depth) {
    Map<String, Object> m = new LinkedHashMap<>();
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      m.put(randomText(r), randomValue(r, depth + 1));
    }
    return m;
  }

  private static Object randomValue(java.util.Random r, int depth) {
    switch (r.nextInt(depth > 3 ? 6 : 8)) {
      case 0: return randomText(r);
      case 1: return r.nextInt();
      case 2: return r.nextLong();
      case 3: return r.nextBoolean() ? r.nextDouble() * Math.pow(10, r.nextInt(40) - 20)
          : new java.math.BigInteger(90, r);
      case 4: return r.nextBoolean();
      case 5: return null;
      case 6: return randomObject(r, depth);
      default:
        List<Object> list = new java.util.ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          list.add(randomValue(r, depth + 1));
        }
        return list;
    }
  }

  private static String randomText(java.util.Random r) {
    StringBuilder b = new StringBuilder();
    for (int i = r.nextInt(6); i > 0; i--) {
      int kind = r.nextInt(4);
      b.append(kind == 0 ? (char) r.nextInt(0x20) : kind == 1 ? (char) (0x20 + r.nextInt(0x5f))
          : kind == 2 ? (char) (0xa0 + r.nextInt(0x2000)) : 'k');
    }
    return b.toString();
  }
}
