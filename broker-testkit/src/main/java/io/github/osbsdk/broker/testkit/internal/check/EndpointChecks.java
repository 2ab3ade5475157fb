package io.github.osbsdk.broker.testkit.internal.check;

import static io.github.osbsdk.broker.testkit.internal.check.BindingAnswerShape.kind;
import static io.github.osbsdk.broker.testkit.internal.check.BindingAnswerShape.requireText;
import static io.github.osbsdk.broker.testkit.internal.check.BindingAnswerShape.shown;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks of a binding's {@code endpoints} in bind (201, 200) and fetch (200) answers: an array
 * of endpoint objects as the spec's "Endpoint Object" defines them, {@code host} "a host name
 * or a single IP address" (a non-empty string without a scheme, path, port or whitespace; an
 * IPv6 address's colons are no port), {@code ports} a non-empty array of strings, each a port
 * ({@code "443"}) or a range ({@code "9000-9010"}) of ports 1 to 65535 whose low end is not
 * above its high end (leading zeros allowed: {@code "0443"} is port 443), and {@code protocol},
 * when present, {@code tcp}, {@code udp} or {@code all}. Only the JSON tree is read: ports sent
 * as JSON numbers, which a lenient typed reader would turn into strings, fail.
 */
final class EndpointChecks {
  private static final List<String> PROTOCOLS = List.of("tcp", "udp", "all");
  /**
   * A port or a range, in ASCII digits. Leading zeros are allowed: the spec names a port
   * ({@code "443"}), not how it is written, and {@code "0443"} names port 443.
   */
  private static final Pattern PORTS = Pattern.compile("([0-9]+)(?:-([0-9]+))?");
  private static final int MAX_PORT = 65_535;

  private EndpointChecks() {}

  static Check perBindablePlan(CatalogView view, PlanRef p) {
    return Check.of(Rule.BIND_ENDPOINTS, p, ctx -> BindingAnswerShape.judgeAnswers(ctx, view,
        p, "endpoints", (endpoints, r, what) -> check(ctx, endpoints, r, what)));
  }

  /** Checks the endpoints of one answer. */
  private static void check(CheckContext ctx, JsonNode endpoints, OsbResponse<?> r,
      String what) {
    if (!endpoints.isArray()) {
      throw ctx.fail("expected endpoints in " + what + " to be an array of endpoint objects,"
          + " got " + kind(endpoints), r);
    }
    for (int i = 0; i < endpoints.size(); i++) {
      String at = "endpoints[" + i + "]";
      JsonNode endpoint = endpoints.get(i);
      if (!endpoint.isObject()) {
        throw ctx.fail("expected " + at + " in " + what + " to be an endpoint object, got "
            + kind(endpoint), r);
      }
      requireText(ctx, r, what, endpoint, at, "host");
      String hostProblem = hostProblem(endpoint.get("host").textValue());
      if (hostProblem != null) {
        throw ctx.fail("expected " + at + ".host in " + what + " to be a host name or a single"
            + " IP address (the spec's Endpoint Object), got " + shown(endpoint.get("host"))
            + ": " + hostProblem, r);
      }
      JsonNode ports = endpoint.get("ports");
      if (ports == null || !ports.isArray() || ports.isEmpty()) {
        throw ctx.fail("expected " + at + ".ports in " + what + " to be a non-empty array of"
            + " ports and port ranges as strings (required by the spec), got " + shown(ports),
            r);
      }
      for (int j = 0; j < ports.size(); j++) {
        String problem = portProblem(ports.get(j));
        if (problem != null) {
          throw ctx.fail("expected " + at + ".ports[" + j + "] in " + what + " to be a port"
              + " (\"443\") or a range (\"9000-9010\") of ports 1 to 65535 as a string, got "
              + shown(ports.get(j)) + ": " + problem, r);
        }
      }
      JsonNode protocol = endpoint.get("protocol");
      if (protocol != null && !protocol.isNull()
          && !(protocol.isTextual() && PROTOCOLS.contains(protocol.textValue()))) {
        throw ctx.fail("expected " + at + ".protocol in " + what + " to be one of \"tcp\","
            + " \"udp\", \"all\" when present (tcp when absent), got " + shown(protocol), r);
      }
    }
  }

  /**
   * Why a host is no host name or single IP address; null when it may be one. Only what no host
   * name or address holds is refused: a scheme, whitespace, a path (or a CIDR range's
   * {@code /}), a port; a name with an underscore or of an internal domain stays valid.
   */
  private static String hostProblem(String host) {
    if (host.contains("://")) {
      return "a URL, not a host name or IP address";
    }
    if (host.chars().anyMatch(Character::isWhitespace)) {
      return "it holds whitespace";
    }
    if (host.indexOf('/') >= 0) {
      return "it holds a '/' (a path or an address range), not a single host";
    }
    long colons = host.chars().filter(c -> c == ':').count();
    if (colons == 1 || host.startsWith("[") && host.contains("]:")) {
      return "it holds a port (ports belong in ports)";
    }
    return null;
  }

  /** Why a value of {@code ports} is not a port or a range of ports; null when it is one. */
  private static String portProblem(JsonNode value) {
    if (!value.isTextual()) {
      return kind(value) + ", not a string";
    }
    Matcher m = PORTS.matcher(value.textValue());
    if (!m.matches()) {
      return "not a port number or two joined by '-'";
    }
    int low = port(m.group(1));
    int high = m.group(2) == null ? low : port(m.group(2));
    if (low < 1 || high < 1 || low > MAX_PORT || high > MAX_PORT) {
      return "outside 1 to 65535";
    }
    return low > high ? "the range's low end is above its high end" : null;
  }

  /** The number of a port's digits, leading zeros left out; above 65535 for a long one. */
  private static int port(String digits) {
    String significant = digits.replaceFirst("^0+", "");
    return significant.length() > 5 ? MAX_PORT + 1
        : significant.isEmpty() ? 0 : Integer.parseInt(significant);
  }
}
