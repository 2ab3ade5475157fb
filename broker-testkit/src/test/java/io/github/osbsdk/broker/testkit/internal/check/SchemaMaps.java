package io.github.osbsdk.broker.testkit.internal.check;

import java.util.LinkedHashMap;
import java.util.Map;

/** Schemas written as the maps a catalog holds, for the sample tests. */
final class SchemaMaps {
  static final String DRAFT_04 = "http://json-schema.org/draft-04/schema#";
  static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";
  static final String DRAFT_2019 = "https://json-schema.org/draft/2019-09/schema";
  static final String DRAFT_2020 = "https://json-schema.org/draft/2020-12/schema";

  private SchemaMaps() {}

  /**
   * @param draft the {@code $schema}
   * @param keysAndValues keywords, each followed by its value
   * @return the schema, its keywords in the order given
   */
  static Map<String, Object> schema(String draft, Object... keysAndValues) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", draft);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      schema.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return schema;
  }
}
