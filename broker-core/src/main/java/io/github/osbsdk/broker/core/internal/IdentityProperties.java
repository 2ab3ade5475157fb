package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Finds a control character in the JSON of {@code X-Broker-API-Originating-Identity}: its ids,
 * names, groups and Kubernetes' {@code extra} are JSON strings, which may hold any character
 * escaped (U+0001 as {@code \}{@code u0001}) and C1 controls or Unicode line separators even
 * unescaped, but an identity has no use for them, and a provider that logs its user's id would
 * write a forged line break or terminal escape into its logs. Letters of every script, and so
 * names beyond ASCII, stay as sent.
 */
final class IdentityProperties {
  private static final char LINE_SEPARATOR = 0x2028;
  private static final char PARAGRAPH_SEPARATOR = 0x2029;

  private IdentityProperties() {}

  /**
   * Names the first string, or property name, that holds a control character (C0, DEL, C1) or a
   * Unicode line or paragraph separator.
   *
   * @param object the identity's JSON object
   * @return {@code user_id}, {@code extra.scopes[1]} or {@code the name of extra.a?b} (where
   *     the name's control character is written {@code \}{@code uXXXX}; escaped and cut as
   *     {@link AnswerValues} does), or null when there is none
   */
  static String withControl(JsonNode object) {
    StringBuilder path = new StringBuilder();
    return find(object, path);
  }

  private static String find(JsonNode node, StringBuilder path) {
    int length = path.length();
    if (node.isTextual()) {
      return hasControl(node.textValue()) ? AnswerValues.of(path.toString()) : null;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String found = find(node.get(i), path.append('[').append(i).append(']'));
        if (found != null) {
          return found;
        }
        path.setLength(length);
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        path.append(length == 0 ? "" : ".").append(field.getKey());
        if (hasControl(field.getKey())) {
          return "the name of " + AnswerValues.of(path.toString());
        }
        String found = find(field.getValue(), path);
        if (found != null) {
          return found;
        }
        path.setLength(length);
      }
    }
    return null;
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || c == LINE_SEPARATOR || c == PARAGRAPH_SEPARATOR) {
        return true;
      }
    }
    return false;
  }
}
