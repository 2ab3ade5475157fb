package io.github.osbsdk.broker.core.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Internal: turns JSON Schema validation errors into one short, user-facing description, e.g.
 * {@code Invalid parameters: $.size: must be one of [small, large]; $.region: is required}.
 * Bounded: at most {@value #MAX_PROBLEMS} problems, each at most {@value #MAX_LINE} characters;
 * {@link CollectedErrors} stops the validation once it has one more.
 */
final class ValidationMessages {
  static final int MAX_PROBLEMS = 10;
  static final int MAX_LINE = 200;
  /** Ends a description that leaves out problems found. */
  static final String MORE = "; and more";
  /** Ends one that names every problem found, by a validation that stopped before the end. */
  static final String STOPPED = "; the check stopped here";
  private static final Pattern SIMPLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private ValidationMessages() {}

  /**
   * @param problems the distinct problems found, as {@link #line} made them, in order
   * @param stopped whether the validation stopped before it had seen every problem
   * @return the description: the first {@value #MAX_PROBLEMS} problems, then {@value #MORE} when
   *     more were found than it names, else {@value #STOPPED} when the validation stopped
   *     before the end without finding more (others may follow, none was left out)
   */
  static String describe(Collection<String> problems, boolean stopped) {
    StringBuilder sb = new StringBuilder("Invalid parameters: ");
    int n = 0;
    for (String line : problems) {
      if (n == MAX_PROBLEMS) {
        break;
      }
      if (n > 0) {
        sb.append("; ");
      }
      sb.append(line);
      n++;
    }
    if (problems.size() > MAX_PROBLEMS) {
      sb.append(MORE);
    } else if (stopped) {
      sb.append(STOPPED);
    }
    return sb.toString();
  }

  /**
   * @param e a validation error
   * @return its line in the description, at most {@value #MAX_LINE} characters
   */
  static String line(Error e) {
    return truncate(untruncatedLine(e));
  }

  private static String untruncatedLine(Error e) {
    String where = e.getInstanceLocation() == null ? "$" : e.getInstanceLocation().toString();
    String keyword = e.getKeyword() == null ? "" : e.getKeyword();
    JsonNode schemaValue = e.getSchemaNode();
    switch (keyword) {
      case "required":
        return child(where, e.getProperty()) + ": is required";
      case "additionalProperties":
        return child(where, e.getProperty()) + ": is not an allowed parameter";
      case "enum":
        if (schemaValue != null && schemaValue.isArray()) {
          return where + ": must be one of " + values(schemaValue);
        }
        break;
      case "const":
        if (schemaValue != null) {
          return where + ": must be " + value(schemaValue);
        }
        break;
      case "type":
        if (schemaValue != null) {
          String expected =
              schemaValue.isArray() ? joined(schemaValue, " or ") : schemaValue.asText();
          return where + ": must be of type " + expected + ", not " + typeOf(e.getInstanceNode());
        }
        break;
      default:
        break;
    }
    return where + ": " + e.getMessage();
  }

  private static String child(String parent, String property) {
    if (property == null) {
      return parent;
    }
    if (SIMPLE_NAME.matcher(property).matches()) {
      return parent + "." + property;
    }
    return parent + "['" + property.replace("\\", "\\\\").replace("'", "\\'") + "']";
  }

  private static String values(JsonNode array) {
    return "[" + joined(array, ", ") + "]";
  }

  private static String joined(JsonNode array, String separator) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode v : array) {
      if (sb.length() > 0) {
        sb.append(separator);
      }
      sb.append(value(v));
    }
    return sb.toString();
  }

  private static String value(JsonNode v) {
    return v.isTextual() ? v.asText() : v.toString();
  }

  private static String typeOf(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "missing";
    }
    if (node.isIntegralNumber()) {
      return "integer";
    }
    if (node.isNumber()) {
      return "number";
    }
    if (node.isTextual()) {
      return "string";
    }
    if (node.isBoolean()) {
      return "boolean";
    }
    if (node.isArray()) {
      return "array";
    }
    if (node.isObject()) {
      return "object";
    }
    return "null";
  }

  /**
   * @param line a line of the description
   * @return it on one line of at most {@value #MAX_LINE} characters
   */
  static String truncate(String line) {
    String oneLine = line.replaceAll("\\p{Cntrl}+", " ");
    return oneLine.length() <= MAX_LINE ? oneLine : oneLine.substring(0, MAX_LINE - 3) + "...";
  }
}
