package io.github.osbsdk.broker.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keywords of 2019-09 and 2020-12 that the SDK leaves to the library, or replaces
 * ({@code contains} with {@code minContains}/{@code maxContains}): every schema of a generated
 * set reports on every value of a pool of JSON values what the library reports.
 */
class DraftKeywordsComparisonTest {
  /** Values that tell the keywords apart: numbers equal as JSON, members in any order, ... */
  private static final List<String> VALUES = List.of("1", "1.0", "2", "\"x\"", "null", "true",
      "{}", "{\"a\":1}", "{\"a\":1.0}", "{\"a\":1,\"b\":2}", "{\"b\":2,\"a\":1}",
      "{\"a\":1,\"b\":1}", "{\"a\":1,\"b\":1,\"c\":1}", "{\"b\":1}", "{\"x\":1}", "{\"x\":\"1\"}",
      "{\"x\":3}", "[]", "[1]", "[1.0]", "[1,\"a\"]", "[1,2]", "[2,1]", "[1,2,3]", "[\"a\"]",
      "[\"a\",\"b\",1]", "[{\"a\":1}]", "[[1,2]]");

  /** Schemas (without {@code $schema}) using the keywords compared. */
  private static List<String> schemas() {
    List<String> out = new ArrayList<>(List.of(
        "{\"dependentRequired\":{\"a\":[\"b\",\"c\"]}}",
        "{\"dependentRequired\":{\"a\":[],\"b\":[\"a\"]}}",
        "{\"$defs\":{\"n\":{\"type\":\"integer\",\"minimum\":2}},"
            + "\"properties\":{\"x\":{\"$ref\":\"#/$defs/n\"}}}",
        "{\"$defs\":{\"n\":{\"type\":\"integer\"}},\"items\":{\"$ref\":\"#/$defs/n\"}}",
        "{\"$defs\":{\"o\":{\"required\":[\"a\"]}},\"$ref\":\"#/$defs/o\"}",
        "{\"const\":{\"a\":1}}", "{\"const\":[1,2]}", "{\"const\":1}", "{\"const\":null}",
        "{\"properties\":{\"x\":{\"const\":1}}}",
        "{\"enum\":[{\"a\":1},[1,2],1.0,\"x\",null]}", "{\"enum\":[{\"a\":1,\"b\":2}]}",
        "{\"enum\":[[{\"a\":1}],[[1,2]]]}"));
    for (String min : List.of("", ",\"minContains\":0", ",\"minContains\":1",
        ",\"minContains\":2")) {
      for (String max : List.of("", ",\"maxContains\":1", ",\"maxContains\":2")) {
        out.add("{\"contains\":{\"type\":\"integer\"}" + min + max + "}");
      }
    }
    out.add("{\"minContains\":2}");
    out.add("{\"maxContains\":0}");
    return out;
  }

  @Test
  void draft2019And2020KeywordsReportWhatTheLibraryReports() throws Exception {
    List<String> different = new ArrayList<>();
    int compared = 0;
    for (String dialect : List.of("https://json-schema.org/draft/2020-12/schema",
        "https://json-schema.org/draft/2019-09/schema")) {
      for (String schema : schemas()) {
        JsonNode schemaNode = LibraryVerdicts.MAPPER.readTree("{\"$schema\":\"" + dialect
            + "\"," + schema.substring(1));
        Schema ours = JsonSchemas.compile(schemaNode);
        Schema library = LibraryVerdicts.LIBRARY.getSchema(schemaNode);
        for (String value : VALUES) {
          JsonNode instance = LibraryVerdicts.MAPPER.readTree(value);
          List<String> expected = LibraryVerdicts.lines(library.validate(instance));
          List<String> actual = LibraryVerdicts.lines(ours.validate(instance));
          compared++;
          if (!actual.equals(expected)) {
            different.add(schemaNode + " on " + value + ": ours " + actual + ", library "
                + expected);
          }
        }
      }
    }
    assertThat(compared).isGreaterThan(1_000);
    assertThat(different).isEmpty();
  }
}
