package io.github.osbsdk.broker.testkit.internal.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The testkit's shared Jackson mapper. */
public final class LenientMapper {
  /** Lenient reader: unknown fields ignored. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private LenientMapper() {}
}
