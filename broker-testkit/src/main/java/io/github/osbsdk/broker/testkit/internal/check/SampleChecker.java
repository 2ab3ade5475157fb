package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import io.github.osbsdk.broker.core.internal.schema.JsonSchemas;
import io.github.osbsdk.broker.testkit.internal.client.LenientMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks made-up samples against their schema with the validator broker-core uses, so that the
 * kit never sends a "valid" sample a correct broker must refuse, nor an "invalid" one it must
 * accept.
 */
final class SampleChecker {
  private final Schema compiled;

  private SampleChecker(Schema compiled) {
    this.compiled = compiled;
  }

  /**
   * @param schema a JSON schema as a map, may be null
   * @return its checker; one that finds no problem when there is no schema or it does not
   *     compile (the kit then cannot tell, and keeps its samples as made)
   */
  static SampleChecker of(Map<String, Object> schema) {
    if (schema == null) {
      return new SampleChecker(null);
    }
    JsonNode tree = LenientMapper.MAPPER.valueToTree(schema);
    return of(tree);
  }

  /**
   * @param schema a JSON schema
   * @return its checker; one that finds no problem when it does not compile
   */
  static SampleChecker of(JsonNode schema) {
    try {
      return new SampleChecker(JsonSchemas.compile(schema));
    } catch (RuntimeException e) {
      return new SampleChecker(null);
    }
  }

  /**
   * @param params parameters, null as {@code {}}
   * @return one {@code "schema location: message"} line per problem, empty when accepted
   */
  List<String> problems(Map<String, Object> params) {
    if (compiled == null) {
      return List.of();
    }
    JsonNode instance = LenientMapper.MAPPER.valueToTree(params == null ? Map.of() : params);
    List<String> out = new ArrayList<>();
    try {
      for (Error e : compiled.validate(instance)) {
        out.add(e.getSchemaLocation() + ": " + e.getMessage());
      }
    } catch (RuntimeException e) {
      out.add("the schema could not check the sample: " + e.getMessage());
    }
    return out;
  }
}
