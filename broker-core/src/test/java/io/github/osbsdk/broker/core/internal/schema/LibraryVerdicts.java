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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * What the tests that compare the SDK's own checks with json-schema-validator's share: the
 * library as it comes (its own formats, keywords and java.util.regex), the values to compare on,
 * and the comparison of whole schemas' reports.
 */
final class LibraryVerdicts {
  static final ObjectMapper MAPPER = new ObjectMapper();
  /** The library with none of the SDK's replacements; every schema here names its dialect. */
  static final SchemaRegistry LIBRARY = SchemaRegistry.withDefaultDialect(
      SpecificationVersion.DRAFT_7, b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder()
          .pathType(PathType.JSON_PATH).locale(Locale.ENGLISH).build()));
  /** The dialects in which {@code format} asserts. */
  static final List<String> FORMAT_DIALECTS = List.of(
      "http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-06/schema#",
      "http://json-schema.org/draft-07/schema#");

  private LibraryVerdicts() {}

  /** @return each character of {@code alphabet} as a piece of {@link #everySequence} */
  static List<String> chars(String alphabet) {
    return alphabet.chars().mapToObj(c -> String.valueOf((char) c)).toList();
  }

  /**
   * Calls {@code each} with every concatenation of up to {@code longest} pieces, then with
   * {@code random} concatenations of {@code longest + 1} to {@code 3 * longest} pieces, each
   * starting with {@code start} half of the time (a fixed seed: the same values on every run).
   *
   * @return how many values were checked
   */
  static int everySequence(List<String> pieces, int longest, int random, String start,
      Consumer<String> each) {
    List<String> level = List.of("");
    int count = 0;
    for (int length = 0; length <= longest; length++) {
      List<String> next = new ArrayList<>();
      for (String s : level) {
        each.accept(s);
        count++;
        if (length < longest) {
          for (String piece : pieces) {
            next.add(s + piece);
          }
        }
      }
      level = next;
    }
    Random seeded = new Random(40);
    for (int i = 0; i < random; i++) {
      StringBuilder value = new StringBuilder(i % 2 == 0 ? start : "");
      int length = longest + 1 + seeded.nextInt(2 * longest);
      for (int j = 0; j < length; j++) {
        value.append(pieces.get(seeded.nextInt(pieces.size())));
      }
      each.accept(value.toString());
      count++;
    }
    return count;
  }

  /** @return the errors as lines of a 400's description */
  static List<String> lines(List<Error> errors) {
    return errors.stream().map(ValidationMessages::line).toList();
  }

  /**
   * Asserts that a schema of only {@code "format": format} reports on each value what the
   * library's reports, in each dialect where {@code format} asserts.
   */
  static void assertFormatReportsAsTheLibrary(String format, String... values) throws Exception {
    for (String dialect : FORMAT_DIALECTS) {
      JsonNode schemaNode = MAPPER.readTree("{\"$schema\":\"" + dialect + "\",\"format\":\""
          + format + "\"}");
      Schema ours = JsonSchemas.compile(schemaNode);
      Schema library = LIBRARY.getSchema(schemaNode);
      for (String value : values) {
        JsonNode instance = MAPPER.getNodeFactory().textNode(value);
        assertThat(lines(ours.validate(instance)))
            .as("'%s' as %s under %s", value, format, dialect)
            .isEqualTo(lines(library.validate(instance)));
      }
    }
  }
}
