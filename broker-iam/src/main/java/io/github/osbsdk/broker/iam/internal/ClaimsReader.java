package io.github.osbsdk.broker.iam.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a token's claims with Jackson's streaming parser, keeping only the named ones (values
 * typed as Jackson's {@code Map<String, Object>} binding would type them: String, Integer, Long,
 * BigInteger, Double, Boolean, Map, List) and skipping the rest without building them. Member
 * names must be unique at every level (the parser's strict duplicate detection also covers
 * skipped values), and nothing may follow the object.
 */
final class ClaimsReader {
  private final ObjectMapper mapper;
  private final Set<String> wanted;

  /**
   * @param mapper its factory must have {@code STRICT_DUPLICATE_DETECTION} on
   * @param wanted the claim names to keep
   */
  ClaimsReader(ObjectMapper mapper, Set<String> wanted) {
    this.mapper = Objects.requireNonNull(mapper, "mapper == null");
    this.wanted = Set.copyOf(wanted);
    if (!mapper.getFactory().isEnabled(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)) {
      throw new IllegalArgumentException("duplicate detection must be on");
    }
  }

  /**
   * @param json the decoded payload (from its position, {@code remaining()} bytes)
   * @return the wanted claims that are present and not JSON {@code null}
   * @throws IOException when it is not one JSON object with unique member names
   */
  Map<String, Object> read(ByteBuffer json) throws IOException {
    Map<String, Object> claims = new HashMap<>();
    try (JsonParser p = mapper.createParser(json.array(), json.arrayOffset() + json.position(),
        json.remaining())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the claims are not a JSON object");
      }
      String name;
      while ((name = p.nextFieldName()) != null) {
        JsonToken token = p.nextToken();
        if (!wanted.contains(name)) {
          p.skipChildren();
          continue;
        }
        Object value = switch (token) {
          case VALUE_STRING -> p.getText();
          case VALUE_NUMBER_INT -> p.getNumberValue();
          case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
          case VALUE_TRUE -> Boolean.TRUE;
          case VALUE_FALSE -> Boolean.FALSE;
          case VALUE_NULL -> null;
          default -> mapper.readValue(p, Object.class); // an object or array
        };
        if (value != null) {
          claims.put(name, value);
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IOException("the claims are not a single JSON object");
      }
    }
    return claims;
  }
}
