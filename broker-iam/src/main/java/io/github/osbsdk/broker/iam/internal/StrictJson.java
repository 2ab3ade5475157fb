package io.github.osbsdk.broker.iam.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.Set;

/**
 * Checks that bytes are exactly one JSON object with unique member names at every depth and
 * nothing after it, in one streaming pass that builds nothing. A token's header and claims pass
 * this before Nimbus reads them, so a parser's choice between duplicate members or its tolerance
 * for trailing text can never decide what a token says.
 */
final class StrictJson {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private StrictJson() {
  }

  /**
   * Whether the bytes are one strict JSON object.
   *
   * @param json UTF-8 JSON
   * @return true for exactly one object with unique member names everywhere and nothing after it
   */
  static boolean isSingleObject(byte[] json) {
    return isSingleObject(json, Set.of());
  }

  /**
   * Whether the bytes are one strict JSON object without certain top-level members.
   *
   * @param json UTF-8 JSON
   * @param refusedMembers top-level member names that must not appear (whatever their value)
   * @return true for exactly one object with unique member names everywhere, none of the refused
   *     ones at the top level, and nothing after it
   */
  static boolean isSingleObject(byte[] json, Set<String> refusedMembers) {
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      String name;
      while ((name = p.nextFieldName()) != null) {
        if (refusedMembers.contains(name)) {
          return false;
        }
        p.nextToken();
        p.skipChildren(); // reads (and checks) a nested value
      }
      return p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null;
    } catch (IOException e) { // malformed JSON, duplicate member names
      return false;
    }
  }
}
