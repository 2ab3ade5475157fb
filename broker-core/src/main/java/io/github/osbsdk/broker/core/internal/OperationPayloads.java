package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads and writes the SDK-private JSON the {@link OperationRunner}'s operations carry: a
 * payload (the status a deprovision or unbind restores, what a create recorded of its request, a
 * timeout) and a resumable step's arguments.
 */
final class OperationPayloads {
  /** The payload key of the status a failed deprovision or unbind restores. */
  static final String PAYLOAD_STATUS = "previous_status";
  /** More than the instance and binding statuses together: the names are the enums'. */
  private static final int MAX_STATUS_PAYLOADS = 32;

  private final ObjectMapper mapper;
  private final Map<String, String> statusPayloads = new ConcurrentHashMap<>();

  /** @param mapper the shared mapper */
  OperationPayloads(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * Payload of a deprovision or unbind: the status to restore when it fails. Written once per
   * status name (a provision asks for the same one every time) and then reused: the same text.
   */
  String previousStatusPayload(String status) {
    String payload = statusPayloads.get(status);
    if (payload == null) {
      payload = json(Map.of(PAYLOAD_STATUS, status));
      if (statusPayloads.size() < MAX_STATUS_PAYLOADS) {
        statusPayloads.putIfAbsent(status, payload);
      }
    }
    return payload;
  }

  /** The status a deprovision or unbind restores when it fails, or null when none is recorded. */
  String previousStatus(StoredOperation op) {
    Object status = map(op.payload()).get(PAYLOAD_STATUS);
    return status == null ? null : status.toString();
  }

  String json(Object value) {
    return InstanceRecords.write(value, mapper);
  }

  Map<String, Object> map(String json) {
    Map<String, Object> m = InstanceRecords.readMap(json, mapper);
    return m == null ? Map.of() : m;
  }

  /**
   * A step's stored arguments, read back with decimals as {@code BigDecimal}, so that none loses
   * a digit ({@code AsyncWork.step} then gives them the form every attempt sees).
   */
  Map<String, Object> stepArguments(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return mapper.readerFor(JacksonConfiguration.MAP)
          .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readValue(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored step arguments are unreadable", e);
    }
  }
}
