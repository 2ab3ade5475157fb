package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Strings a schema allows: of its {@code format} and within {@code minLength} and
 * {@code maxLength} (a formatted string grows or shrinks where its format allows, not at its
 * end), and matching its {@code pattern} when one of a few plain candidates does. No candidate
 * may match an arbitrary pattern: the sample then stays unmatched and the caller, checking it,
 * says so.
 */
final class StringSamples {
  /** Plain candidates tried against a pattern, after the schema's own values. */
  private static final List<String> CANDIDATES = List.of("osbconformance", "osb-conformance",
      "osb_conformance", "a", "abc", "A", "ABC", "Abc", "0", "1", "123", "a1", "abc123",
      "example", "osb@example.com", "https://example.com/osb", "example.com", "1.0.0",
      "2026-01-01", "2026-01-01T00:00:00Z", "00000000-0000-4000-8000-000000000000", "x");

  private StringSamples() {}

  /**
   * @param node a string schema
   * @param attempt which of the allowed strings: 0 is the first, others differ from it where
   *     the schema leaves room
   * @return a string of the schema's format and lengths, matching its pattern when possible
   */
  static String string(JsonNode node, int attempt) {
    int min = Math.max(node.path("minLength").asInt(0), 0);
    int max = node.path("maxLength").asInt(Integer.MAX_VALUE);
    String format = node.path("format").asText("");
    if (!node.has("pattern")) {
      String s = formatted(format, min, max, attempt);
      return s != null ? s : plain("osbconformance" + (attempt == 0 ? "" : attempt), min, max);
    }
    Pattern pattern;
    try {
      pattern = Pattern.compile(node.path("pattern").asText());
    } catch (PatternSyntaxException e) {
      return plain("osbconformance", min, max);
    }
    Set<String> tried = new LinkedHashSet<>();
    String f = formatted(format, min, max, 0);
    if (f != null) {
      tried.add(f);
    }
    for (String c : CANDIDATES) {
      tried.add(plain(c, min, max));
      for (char ch : new char[] {'a', '0', 'A'}) {
        tried.add(String.valueOf(ch).repeat(Math.max(Math.min(Math.max(min, 1), max), 0)));
      }
    }
    List<String> matching = new ArrayList<>();
    for (String s : tried) {
      int len = s.codePointCount(0, s.length());
      if (len >= min && len <= max && pattern.matcher(s).find()) {
        matching.add(s);
      }
    }
    return matching.isEmpty() ? plain("osbconformance", min, max)
        : matching.get(attempt % matching.size());
  }

  /** @return {@code s} padded with {@code x} or cut to the bounds */
  static String plain(String s, int min, int max) {
    StringBuilder sb = new StringBuilder(s);
    while (sb.length() < min) {
      sb.append('x');
    }
    return sb.length() > max ? sb.substring(0, Math.max(max, 0)) : sb.toString();
  }

  /** @return a string of a format known here, of a length within the bounds, or null */
  private static String formatted(String format, int min, int max, int attempt) {
    switch (format) {
      case "email": {
        int l = Math.min(Math.max(min, 15), max);
        String local = attempt == 0 ? "osb" : "osb" + attempt;
        return l >= 13 + local.length() - 1
            ? local + "x".repeat(Math.max(l - 12 - local.length(), 0)) + "@example.com"
            : "o".repeat(Math.max(l - 5, 1)) + "@b.io";
      }
      case "uri":
      case "url": {
        int l = Math.min(Math.max(min, 23), max);
        String tail = attempt == 0 ? "" : String.valueOf(attempt);
        return l >= 20 + tail.length()
            ? "https://example.com/" + tail + "o".repeat(l - 20 - tail.length())
            : "urn:" + tail + "o".repeat(Math.max(l - 4 - tail.length(), 1));
      }
      case "date-time": {
        int l = Math.min(Math.max(min, 20), max);
        String day = "2026-01-0" + (1 + attempt % 9) + "T00:00:00";
        return l <= 20 ? day + "Z" : day + "." + "0".repeat(Math.max(l - 21, 1)) + "Z";
      }
      case "date":
        return "2026-01-0" + (1 + attempt % 9);
      case "uuid":
        return "00000000-0000-4000-8000-00000000000" + (attempt % 10);
      case "hostname":
        return plain(attempt == 0 ? "example.com" : "example" + attempt + ".com", min, max);
      case "ipv4":
        return "192.0.2." + (1 + attempt % 200);
      default:
        return null;
    }
  }
}
