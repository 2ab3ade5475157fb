package io.github.osbsdk.broker.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * On ordinary values, the SDK's contains (with minContains, maxContains, and unevaluatedItems
 * reading what it matched) reports what the library's own does: the same problems, in order.
 */
class BoundedContainsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final SchemaRegistry LIBRARY = SchemaRegistry.withDefaultDialect(
      SpecificationVersion.DRAFT_7, b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder()
          .pathType(PathType.JSON_PATH).locale(Locale.ENGLISH).build()));
  private static final String VALUES_OF_ALL_KINDS = "[],[1],[\"a\"],[1,\"a\"],[\"a\",\"b\"],"
      + "[\"a\",\"b\",\"c\",\"d\"],[[1,2],[\"x\"]],[{\"a\":1}],\"a\",3,{},null";

  private static List<String> lines(List<Error> errors) {
    return errors.stream().map(ValidationMessages::line).toList();
  }

  private static void assertReportsAsTheLibrary(String schemaJson) throws Exception {
    JsonNode schemaNode = MAPPER.readTree(schemaJson);
    Schema ours = JsonSchemas.compile(schemaNode);
    Schema library = LIBRARY.getSchema(schemaNode);
    for (JsonNode instance : MAPPER.readTree("[" + VALUES_OF_ALL_KINDS + "]")) {
      assertThat(lines(ours.validate(instance)))
          .as("%s against %s", instance, schemaJson)
          .isEqualTo(lines(library.validate(instance)));
    }
  }

  @Test
  void draft06And07ContainsReportWhatTheLibraryReports() throws Exception {
    assertReportsAsTheLibrary("{\"$schema\":\"http://json-schema.org/draft-06/schema#\","
        + "\"contains\":{\"type\":\"string\"}}");
    assertReportsAsTheLibrary("{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
        + "\"contains\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}},\"maxItems\":3}");
    assertReportsAsTheLibrary("{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
        + "\"contains\":false}");
    assertReportsAsTheLibrary("{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
        + "\"contains\":true}");
  }

  @Test
  void minContainsAndMaxContainsReportWhatTheLibraryReports() throws Exception {
    assertReportsAsTheLibrary("{\"$schema\":\"https://json-schema.org/draft/2019-09/schema\","
        + "\"contains\":{\"type\":\"string\"},\"minContains\":2,\"maxContains\":3}");
    assertReportsAsTheLibrary("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
        + "\"contains\":{\"type\":\"string\"},\"maxContains\":1}");
    assertReportsAsTheLibrary("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
        + "\"contains\":{\"type\":\"string\"},\"minContains\":0}");
    assertReportsAsTheLibrary("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
        + "\"contains\":{\"type\":\"string\"}}");
  }

  @Test
  void unevaluatedItemsSeesWhatContainsMatchedAsWithTheLibrary() throws Exception {
    assertReportsAsTheLibrary("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
        + "\"contains\":{\"type\":\"string\"},\"unevaluatedItems\":false}");
    assertReportsAsTheLibrary("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
        + "\"prefixItems\":[{\"type\":\"integer\"}],\"contains\":{\"type\":\"string\"},"
        + "\"maxContains\":2,\"unevaluatedItems\":{\"type\":\"object\"}}");
    assertReportsAsTheLibrary("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
        + "\"anyOf\":[{\"contains\":{\"type\":\"string\"}},{\"contains\":{\"type\":\"array\"}}],"
        + "\"unevaluatedItems\":false}");
    assertReportsAsTheLibrary("{\"$schema\":\"https://json-schema.org/draft/2019-09/schema\","
        + "\"allOf\":[{\"contains\":{\"type\":\"integer\"}}],\"unevaluatedItems\":false}");
  }

  @Test
  void containsNestedInContainsReportsWhatTheLibraryReports() throws Exception {
    assertReportsAsTheLibrary("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
        + "\"contains\":{\"type\":\"array\",\"contains\":{\"const\":\"x\"}},\"minContains\":1}");
  }
}
