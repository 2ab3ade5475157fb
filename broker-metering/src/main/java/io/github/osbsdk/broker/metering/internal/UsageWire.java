package io.github.osbsdk.broker.metering.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.metering.Measure;
import io.github.osbsdk.broker.metering.UsageRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The JSON of IBM's usage API: the request body and the per-record statuses of the answer. */
public final class UsageWire {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double EXACT_LONG = 9.007199254740992E15; // 2^53

  /**
   * One entry of the answer's {@code resources} array.
   *
   * @param status the per-record status
   * @param code the error code or null
   * @param message the message or null
   */
  public record RecordStatus(int status, String code, String message) {
  }

  private UsageWire() {
  }

  /**
   * Writes a batch as IBM takes it.
   *
   * @param records the records
   * @return the JSON array
   */
  public static byte[] body(List<UsageRecord> records) {
    ArrayNode array = JSON.createArrayNode();
    for (UsageRecord r : records) {
      ObjectNode o = array.addObject();
      o.put("resource_instance_id", r.resourceInstanceId());
      o.put("plan_id", r.planId());
      // a region the CRN names is left out, as in the record's key: one record, one signature
      String crnRegion = UsageRecord.crnRegion(r.resourceInstanceId());
      if (r.region() != null && !r.region().equals(crnRegion)) {
        o.put("region", r.region());
      }
      o.put("start", r.start().toEpochMilli());
      o.put("end", r.end().toEpochMilli());
      ArrayNode usage = o.putArray("measured_usage");
      for (Measure m : r.measuredUsage()) {
        ObjectNode mo = usage.addObject().put("measure", m.measure());
        double q = m.quantity();
        if (q == Math.rint(q) && q < EXACT_LONG) {
          mo.put("quantity", (long) q);
        } else {
          mo.put("quantity", q);
        }
      }
      if (r.consumerId() != null) {
        o.put("consumer_id", r.consumerId());
      }
    }
    try {
      return JSON.writeValueAsBytes(array);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write usage JSON", e);
    }
  }

  /**
   * Reads the per-record statuses of an answer: {@code {"resources": [{"status": 201}, ...]}},
   * with the reason in {@code code}/{@code message} or in an {@code errors} array, each made
   * fit to keep and log by {@link #reason}.
   *
   * @param body the answer
   * @return the statuses, or null when the answer has no {@code resources} array of statuses
   */
  public static List<RecordStatus> statuses(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
    JsonNode resources = root == null ? null : root.get("resources");
    if (resources == null || !resources.isArray()) {
      return null;
    }
    List<RecordStatus> statuses = new ArrayList<>();
    for (JsonNode r : resources) {
      // a whole JSON number only: a garbled answer ("status": 201.9, "201", true) must not
      // count as delivered; the batch is then retried, and IBM answers 409 for what it has
      JsonNode status = r.path("status");
      if (!status.isIntegralNumber() || !status.canConvertToInt()) {
        return null;
      }
      JsonNode error = r.path("errors").path(0);
      String code = text(r.get("code"), error.get("code"));
      String message = text(r.get("message"), error.get("message"));
      statuses.add(new RecordStatus(r.path("status").asInt(), reason(code), reason(message)));
    }
    return statuses;
  }

  /**
   * Reads IBM's reason from the answer to a whole request it refused:
   * {@code {"errors": [{"code": ..., "message": ...}]}} or top-level {@code code} and
   * {@code message}; each made fit to keep and log by {@link #reason}.
   *
   * @param status the HTTP status
   * @param body the answer
   * @return the status with the code and message (null when the answer names none; a
   *     message saying so when the answer is no JSON object)
   */
  public static RecordStatus requestError(int status, byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      return new RecordStatus(status, null, "HTTP " + status + " for the whole request");
    }
    JsonNode error = root.path("errors").path(0);
    return new RecordStatus(status, reason(text(root.get("code"), error.get("code"))),
        reason(text(root.get("message"), error.get("message"))));
  }

  /** The longest code or message kept from IBM's answer, in chars. */
  static final int MAX_REASON = 1000;

  /**
   * Makes a code or message of IBM's answer fit to be kept (in the rejected list, in a
   * database) and logged: each control character (line breaks, NUL, terminal escapes), format
   * character (e.g. a bidirectional override) and line or paragraph separator becomes a space,
   * and the text is cut to {@value #MAX_REASON} chars, never within a surrogate pair. Every
   * reason read from an answer goes through here.
   *
   * @param text the code or message as IBM sent it, or null
   * @return the text to keep, or null
   */
  static String reason(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder kept = new StringBuilder(Math.min(text.length(), MAX_REASON));
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      int n = Character.charCount(c);
      if (kept.length() + n > MAX_REASON) {
        break;
      }
      kept.appendCodePoint(unprintable(c) ? ' ' : c);
      i += n;
    }
    return kept.toString();
  }

  private static boolean unprintable(int c) {
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
  }

  private static String text(JsonNode first, JsonNode second) {
    JsonNode n = first != null && !first.isNull() ? first : second;
    return n == null || n.isNull() || n.isMissingNode() ? null : n.asText();
  }
}
