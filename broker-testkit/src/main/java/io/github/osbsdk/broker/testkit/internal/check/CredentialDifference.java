package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Says how two bindings' credentials differ by the names of their keys, never their values
 * (credentials are secrets, and a failure message ends up in CI logs).
 */
final class CredentialDifference {
  private CredentialDifference() {}

  /**
   * The end of a failure message about credentials that should equal the expected ones.
   *
   * @param expected the credentials the bind returned
   * @param got the credentials answered later, or null
   * @return {@code ", got none"} or {@code ", got different ones (...)"} naming the top-level
   *     keys whose values differ, that are missing and that are extra
   */
  static String describe(JsonNode expected, JsonNode got) {
    if (got == null || got.isNull()) {
      return ", got none";
    }
    if (!expected.isObject() || !got.isObject()) {
      return ", got different ones (not both JSON objects)";
    }
    TreeSet<String> differing = new TreeSet<>();
    TreeSet<String> missing = new TreeSet<>();
    TreeSet<String> extra = new TreeSet<>();
    for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!got.has(key)) {
        missing.add(key);
      } else if (!expected.get(key).equals(got.get(key))) {
        differing.add(key);
      }
    }
    for (Iterator<String> it = got.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!expected.has(key)) {
        extra.add(key);
      }
    }
    List<String> parts = new ArrayList<>();
    part(parts, "different values of", differing);
    part(parts, "missing", missing);
    part(parts, "extra", extra);
    return ", got different ones (" + String.join("; ", parts) + "; values not shown)";
  }

  private static void part(List<String> parts, String what, TreeSet<String> keys) {
    if (!keys.isEmpty()) {
      List<String> quoted = new ArrayList<>();
      for (String k : keys) {
        quoted.add("'" + k + "'");
      }
      parts.add(what + " " + String.join(", ", quoted));
    }
  }
}
