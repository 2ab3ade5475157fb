package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Locale;

/**
 * Says in plain words why a request body is not valid JSON. IBM Cloud shows an error's
 * description to its customer, so no Java class, parser feature or option name may reach it:
 * the parser's own message is used only for plain syntax errors, cut before any hint at how to
 * configure the parser, and replaced by a generic sentence when anything technical is left.
 */
final class BodyParseErrors {
  private BodyParseErrors() {}

  /**
   * @param e what the parser threw
   * @param limits the parser's limits, named in the description of a limit exceeded
   * @return a short description, without a leading capital, ending with a full stop
   */
  static String describe(JacksonException e, StreamReadConstraints limits) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String lower = message.toLowerCase(Locale.ROOT);
    if (e instanceof StreamConstraintsException) {
      return limit(lower, limits);
    }
    String at = position(e.getLocation());
    if (lower.contains("trailing token")) {
      return "trailing content after the object" + at + ".";
    }
    if (lower.contains("'nan'") || lower.contains("infinity")) {
      return "NaN and Infinity are not JSON numbers" + at + ".";
    }
    if (e instanceof MismatchedInputException mismatch && e instanceof JsonMappingException) {
      return wrongType(mismatch) + at + ".";
    }
    String plain = plain(message);
    return (plain.isEmpty() ? "unexpected content" : plain) + at + ".";
  }

  private static String limit(String lower, StreamReadConstraints limits) {
    if (lower.contains("nesting depth")) {
      return "it is nested deeper than " + limits.getMaxNestingDepth() + " levels.";
    }
    if (lower.contains("number value length")) {
      return "it holds a number longer than " + limits.getMaxNumberLength() + " digits.";
    }
    if (lower.contains("string value length")) {
      return "it holds a string longer than " + limits.getMaxStringLength() + " characters.";
    }
    if (lower.contains("name length")) {
      return "it holds a field name longer than " + limits.getMaxNameLength() + " characters.";
    }
    if (lower.contains("document length")) {
      return "it is longer than " + limits.getMaxDocumentLength() + " characters.";
    }
    return "it exceeds the limits of what the broker reads.";
  }

  private static String wrongType(MismatchedInputException e) {
    StringBuilder field = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        field.append(field.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        field.append('[').append(ref.getIndex()).append(']');
      }
    }
    return field.length() == 0 ? "a value has the wrong type"
        : "the field '" + field + "' has the wrong type";
  }

  /**
   * The parser's message up to its first technical hint (a code-quoted name, a feature, a Java
   * type, the source excerpt); empty when nothing plain is left.
   */
  static String plain(String message) {
    String m = message.replaceAll("[\\r\\n\\t]+", " ");
    int cut = m.length();
    for (String hint : new String[] {"`", "Feature", "feature", " (start marker at", " at [Source",
        "[Source:", "(not recognized", " (or ", "com.fasterxml", "java.", " (JSON String"}) {
      int i = m.indexOf(hint);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    m = m.substring(0, cut).trim();
    while (!m.isEmpty() && ":;,(".indexOf(m.charAt(m.length() - 1)) >= 0) {
      m = m.substring(0, m.length() - 1).trim();
    }
    if (m.length() > 160) {
      m = m.substring(0, 160).trim();
    }
    return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
  }

  private static String position(JsonLocation location) {
    if (location == null || location.getLineNr() < 1 || location.getColumnNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
