package io.github.osbsdk.broker.core.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Internal: a text per JSON value that two values share exactly when JSON Schema counts them
 * equal ({@code uniqueItems}, {@code enum}): numbers by mathematical value ({@code 1} and
 * {@code 1.0} are one), objects whatever the order of their members, strings as they are. Each
 * part is self-delimiting (strings carry their length), so different values never share a text.
 * Linear in the value's size, plus sorting each object's member names.
 */
final class CanonicalJson {
  private CanonicalJson() {}

  static String of(JsonNode value) {
    StringBuilder sb = new StringBuilder();
    append(sb, value);
    return sb.toString();
  }

  private static void append(StringBuilder sb, JsonNode value) {
    if (value.isTextual()) {
      String s = value.textValue();
      sb.append('s').append(s.length()).append(':').append(s);
    } else if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
      sb.append('d').append(value.doubleValue()).append(';'); // not JSON; never from a body
    } else if (value.isNumber()) {
      sb.append('n').append(value.decimalValue().stripTrailingZeros()).append(';');
    } else if (value.isBoolean()) {
      sb.append(value.booleanValue() ? 't' : 'f');
    } else if (value.isArray()) {
      sb.append('[');
      for (JsonNode item : value) {
        append(sb, item);
      }
      sb.append(']');
    } else if (value.isObject()) {
      List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
      value.properties().forEach(members::add);
      members.sort(Map.Entry.comparingByKey());
      sb.append('{');
      for (Map.Entry<String, JsonNode> member : members) {
        sb.append(member.getKey().length()).append(':').append(member.getKey());
        append(sb, member.getValue());
      }
      sb.append('}');
    } else {
      sb.append('z');
    }
  }
}
