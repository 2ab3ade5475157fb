package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {
  private final ObjectMapper mapper = JacksonConfiguration.newMapper();
  private final JsonFields fields = new JsonFields(mapper);

  @Test
  void toMapOfNoObjectIsNull() {
    assertThat(fields.toMap(null)).isNull();
  }

  @Test
  void toMapGivesWhatConvertValueGives() throws Exception {
    String json = "{\"s\":\"x\",\"i\":5,\"neg\":-7,\"l\":12345678901,"
        + "\"big\":123456789012345678901234567890,\"d\":1.5,\"e\":1e300,\"z\":-0.0,"
        + "\"t\":true,\"f\":false,\"n\":null,\"a\":[1,\"two\",null,[3.25],{\"k\":{}}],"
        + "\"o\":{\"nested\":{\"deep\":[{\"x\":null}]}},\"empty\":{},\"ea\":[]}";
    ObjectNode node = (ObjectNode) mapper.readTree(json);

    Map<String, Object> converted = mapper.convertValue(node, JacksonConfiguration.MAP);
    Map<String, Object> walked = fields.toMap(node);

    assertThat(walked).isEqualTo(converted);
    assertThat(List.copyOf(walked.keySet())).isEqualTo(List.copyOf(converted.keySet()));
    assertThat(types(walked)).isEqualTo(types(converted));
    assertThat(mapper.writeValueAsString(walked)).isEqualTo(mapper.writeValueAsString(converted));
  }

  /** @return the value with every leaf and container replaced by its class name */
  private static Object types(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> out = new java.util.LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, types(v)));
      return List.of(m.getClass().getName(), out);
    }
    if (value instanceof List<?> l) {
      return List.of(l.getClass().getName(), l.stream().map(JsonFieldsTest::types).toList());
    }
    return value == null ? "null" : value.getClass().getName();
  }

  @Test
  void objectFieldIsAMutableMap() throws Exception {
    ObjectNode body = (ObjectNode) mapper.readTree("{\"parameters\":{\"a\":1}}");

    Map<String, Object> parameters = fields.object(body, "parameters");
    parameters.put("b", 2);

    assertThat(parameters).containsEntry("a", 1).containsEntry("b", 2);
    assertThat(body.get("parameters").has("b")).isFalse();
  }
}
