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
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * On values that fail a little, the SDK's anyOf, oneOf, not and if report what the library's
 * own do: the same problems, in the same order.
 */
class CombinedSchemasTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final SchemaRegistry LIBRARY = SchemaRegistry.withDefaultDialect(
      SpecificationVersion.DRAFT_7, b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder()
          .pathType(PathType.JSON_PATH).locale(Locale.ENGLISH).build()));

  private static List<String> lines(List<Error> errors) {
    return errors.stream().map(ValidationMessages::line).toList();
  }

  private static void assertReportsAsTheLibrary(String schemaJson, String... values)
      throws Exception {
    JsonNode schemaNode = MAPPER.readTree(schemaJson);
    Schema ours = JsonSchemas.compile(schemaNode);
    Schema library = LIBRARY.getSchema(schemaNode);
    for (String value : values) {
      JsonNode instance = MAPPER.readTree(value);
      assertThat(lines(ours.validate(instance)))
          .as("%s against %s", value, schemaJson)
          .isEqualTo(lines(library.validate(instance)));
    }
  }

  @Test
  void anyOfReportsWhatTheLibraryReports() throws Exception {
    assertReportsAsTheLibrary("{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
        + "\"anyOf\":[{\"type\":\"string\",\"maxLength\":2},{\"type\":\"integer\"}]}",
        "\"ab\"", "\"abc\"", "3", "3.5", "[true,1]", "null");
  }

  @Test
  void oneOfReportsWhatTheLibraryReports() throws Exception {
    assertReportsAsTheLibrary("{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
        + "\"oneOf\":[{\"type\":\"string\"},{\"maxLength\":2},{\"type\":\"integer\"}]}",
        "\"ab\"", "\"abc\"", "3", "3.5", "[true,1]", "null");
  }

  @Test
  void notReportsWhatTheLibraryReports() throws Exception {
    assertReportsAsTheLibrary("{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
        + "\"not\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}",
        "[\"a\"]", "[]", "[1]", "3", "{}");
  }

  @Test
  void ifThenElseReportsWhatTheLibraryReports() throws Exception {
    assertReportsAsTheLibrary("{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
        + "\"if\":{\"type\":\"string\"},\"then\":{\"maxLength\":2},"
        + "\"else\":{\"type\":\"integer\",\"maximum\":5}}",
        "\"ab\"", "\"abc\"", "3", "7", "3.5", "[]");
    assertReportsAsTheLibrary("{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
        + "\"if\":{\"type\":\"string\"},\"else\":{\"type\":\"integer\"}}",
        "\"abc\"", "3", "3.5");
  }

  @Test
  void nestedCombinationsReportWhatTheLibraryReports() throws Exception {
    assertReportsAsTheLibrary("{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
        + "\"anyOf\":[{\"oneOf\":[{\"type\":\"string\"},{\"not\":{\"type\":\"integer\"}}]},"
        + "{\"type\":\"array\",\"items\":{\"anyOf\":[{\"type\":\"string\"},{\"minimum\":3}]}}]}",
        "\"a\"", "3", "[\"a\",4]", "[1,2,\"b\"]", "true");
  }

  @Test
  void unevaluatedPropertiesSeeWhatTheSubschemasEvaluatedAsWithTheLibrary() throws Exception {
    // 2020-12: a property counts as evaluated when a passing subschema evaluated it
    assertReportsAsTheLibrary("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
        + "\"anyOf\":[{\"properties\":{\"a\":{\"type\":\"string\"}}},"
        + "{\"properties\":{\"b\":{\"type\":\"integer\"}}}],"
        + "\"oneOf\":[{\"properties\":{\"c\":{\"const\":1}},\"required\":[\"c\"]},"
        + "{\"properties\":{\"d\":true},\"required\":[\"d\"]}],"
        + "\"if\":{\"properties\":{\"e\":{\"const\":1}}},"
        + "\"then\":{\"properties\":{\"f\":true}},\"else\":{\"properties\":{\"g\":true}},"
        + "\"unevaluatedProperties\":false}",
        "{\"a\":\"x\",\"c\":1}", "{\"a\":1,\"b\":2,\"d\":0}", "{\"b\":\"x\",\"c\":1}",
        "{\"c\":1,\"z\":0}", "{\"c\":1,\"e\":1,\"f\":0}", "{\"c\":1,\"e\":2,\"f\":0}",
        "{\"c\":1,\"e\":2,\"g\":0}", "{\"c\":1,\"d\":1}");
  }

  /** anyOf of the schema and a oneOf of an integer and not the schema, {@code depth} times. */
  private static String nested(int depth) {
    String schema = "{\"type\":\"string\",\"maxLength\":5}";
    for (int i = 0; i < depth; i++) {
      schema = "{\"anyOf\":[" + schema + ",{\"oneOf\":[{\"type\":\"integer\"},{\"not\":"
          + schema + "}]}]}";
    }
    return schema;
  }

  @Test
  void nestedCombinationsCompileEachSubschemaOnce() throws Exception {
    // 32 copies of the innermost schema, 3 keywords a level: the library's validators and the
    // SDK's each compiled every subschema, doubling the subtree at every keyword (75 MB)
    JsonNode schema = MAPPER.readTree("{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
        + "\"if\":" + nested(5) + ",\"then\":{\"maxLength\":2}}");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    threads.setThreadAllocatedMemoryEnabled(true);

    long before = threads.getCurrentThreadAllocatedBytes();
    Schema compiled = JsonSchemas.compile(schema);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(allocated).as("bytes allocated to compile it").isLessThan(8L << 20);
    assertThat(lines(compiled.validate(MAPPER.readTree("\"ab\"")))).isEmpty();
    assertThat(lines(compiled.validate(MAPPER.readTree("\"abc\"")))).isNotEmpty();
  }
}
