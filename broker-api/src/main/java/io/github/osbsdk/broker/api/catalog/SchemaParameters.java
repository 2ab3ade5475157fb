package io.github.osbsdk.broker.api.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import java.util.Map;

/**
 * A {@code {"parameters": <JSON schema>}} object of a plan's schemas.
 *
 * @param parameters the JSON schema as a decoded JSON object (should carry {@code $schema})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SchemaParameters(@JsonProperty("parameters") Map<String, Object> parameters) {
  /**
   * Copies the schema.
   *
   * @param parameters the JSON schema as a decoded JSON object (should carry {@code $schema}),
   *     or null for none
   */
  public SchemaParameters {
    parameters = JsonCopies.mapOrNull(parameters);
  }
}
