package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import io.github.osbsdk.broker.core.internal.schema.JsonSchemas;

/**
 * The draft a schema names in {@code $schema}, read as broker-core reads it (draft-04 when it
 * names none), and the keywords that draft has in the validator broker-core uses:
 * {@code propertyNames} and {@code contains} from draft-06 on, {@code unevaluatedProperties} and
 * {@code unevaluatedItems} from 2019-09 on. A keyword the draft lacks checks nothing, so the
 * samples need not keep to it.
 */
final class SchemaDraft {
  private final Dialect dialect;

  private SchemaDraft(Dialect dialect) {
    this.dialect = dialect;
  }

  /**
   * @param root a whole schema
   * @return its draft; draft-04 when {@code $schema} is absent, and also when it names no
   *     draft the SDK supports (such a schema does not compile: nothing is checked)
   */
  static SchemaDraft of(JsonNode root) {
    SpecificationVersion version = JsonSchemas.versionOf(root.path("$schema").asText(null))
        .orElse(JsonSchemas.DEFAULT_VERSION);
    return new SchemaDraft(switch (version) {
      case DRAFT_4 -> Dialects.getDraft4();
      case DRAFT_6 -> Dialects.getDraft6();
      case DRAFT_7 -> Dialects.getDraft7();
      case DRAFT_2019_09 -> Dialects.getDraft201909();
      case DRAFT_2020_12 -> Dialects.getDraft202012();
    });
  }

  /**
   * @param keyword a keyword, as {@code propertyNames}
   * @return whether the draft has it (else the validator ignores it)
   */
  boolean knows(String keyword) {
    return dialect.getKeywords().containsKey(keyword);
  }
}
