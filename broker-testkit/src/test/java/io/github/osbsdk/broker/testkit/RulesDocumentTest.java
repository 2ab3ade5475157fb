package io.github.osbsdk.broker.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code RULES.md} and {@link Rule} are one source: the table of the document is generated from
 * the enum, and this test fails when they differ. Regenerate with
 * {@code mvn -pl broker-testkit test -Dtest=RulesDocumentTest -Drules.write=true}.
 */
class RulesDocumentTest {
  private static final Path DOCUMENT = Path.of("RULES.md");
  private static final String INTRO = """
      # Conformance rule ids

      Every check of the conformance suite reports one of these ids (stable: tests, skip lists and
      reports use them). Spec references are to OSB API 2.17 `spec.md` unless marked IBM Cloud;
      the replica rules cite this project's README (section "State, replicas and PostgreSQL").
      New rules may be appended; existing ids never change meaning. Rules whose preconditions a
      broker does not meet (no async plan, one base URL, ...) report "not applicable" instead of
      failing, naming what is missing (`not applicable: no plan is bindable`). The parameters a
      check sends are made from the plan's schema (types, bounds, formats, patterns, combinators,
      `if`/`then`/`else`, `minProperties`/`maxProperties`, `patternProperties`, `propertyNames`,
      `contains` with `minContains`/`maxContains`, `unevaluatedProperties`, `unevaluatedItems` and
      the dependency keywords, each where the draft `$schema` names has it, draft-04 when none) and
      checked with broker-core's validator: when the kit cannot make any the schema
      accepts (a pattern none of its candidates matches, say), the checks that send them report
      "not applicable" naming the plan and the schema location; declare parameters with
      `Capabilities.Builder`'s `provisionParameters` and `bindParameters` (the CLI's
      `--provision-parameters`, `--bind-parameters`).
      A count beyond 2147483647 (`minLength` ... `maxContains`), which that validator would wrap
      around, is not judged with it: a maximum that large is no maximum, and a minimum that
      large, or one asking a sample for more than 1000000 characters, items or properties (the
      minima of the arrays and objects enclosing it multiplied in), makes the plan's parameter
      checks (those sending its parameters, and `*.invalid-parameters`) report "not applicable"
      naming the keyword path, value and bound.

      This table is generated from `Rule.java` (`RulesDocumentTest` checks it; regenerate with
      `mvn -pl broker-testkit test -Dtest=RulesDocumentTest -Drules.write=true`).

      | id | rule | source |
      |---|---|---|
      """;

  /**
   * The document as the enum says it must be.
   *
   * @return the document as the enum says it must be
   */
  static String render() {
    StringBuilder out = new StringBuilder(INTRO);
    for (Rule r : Rule.values()) {
      out.append("| `").append(r.id()).append("` | ").append(r.description()).append(" | ")
          .append(r.specSection()).append(" |\n");
    }
    return out.toString();
  }

  @org.junit.jupiter.api.Test
  void rulesDocumentListsEveryRuleWithTheDescriptionOfTheEnum() throws IOException {
    String expected = render();
    if (Boolean.getBoolean("rules.write")) {
      Files.writeString(DOCUMENT, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(DOCUMENT, StandardCharsets.UTF_8))
        .as("RULES.md is generated from Rule.java: run this test with -Drules.write=true")
        .isEqualTo(expected);
  }

  /**
   * The rules that demand more than OSB 2.17 (our design notes' choices): each says so, and
   * how a provider whose broker keeps to the spec switches it off.
   */
  private static final Set<Rule> STRICTER_THAN_SPEC = EnumSet.of(Rule.VERSION_MISSING,
      Rule.VERSION_UNSUPPORTED, Rule.REQUEST_IDENTITY_ECHO, Rule.ORIGINATING_IDENTITY_MALFORMED,
      Rule.DEPROVISION_OTHER_SERVICE, Rule.UNBIND_OTHER_SERVICE);

  /**
   * The stricter rules whose demand is written in our design notes' condensed OSB 2.17
   * ({@code osb-2.17.md}: the version header required, 412 naming the supported version, the
   * request identity echoed, a malformed originating identity refused with 400). The others are
   * the SDK's own choices and say so, without citing the notes.
   */
  private static final Set<Rule> DEMANDED_BY_THE_DESIGN_NOTES = EnumSet.of(
      Rule.VERSION_MISSING, Rule.VERSION_UNSUPPORTED, Rule.REQUEST_IDENTITY_ECHO,
      Rule.ORIGINATING_IDENTITY_MALFORMED);

  @org.junit.jupiter.api.Test
  void onlyRulesTheDesignNotesDemandCiteThem() {
    Set<Rule> citing = EnumSet.allOf(Rule.class).stream()
        .filter(r -> r.description().contains("osb-2.17.md"))
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Rule.class)));
    assertThat(citing).as("rules citing our design notes (osb-2.17.md)")
        .isEqualTo(DEMANDED_BY_THE_DESIGN_NOTES);
    for (Rule r : EnumSet.complementOf(EnumSet.copyOf(DEMANDED_BY_THE_DESIGN_NOTES))) {
      if (STRICTER_THAN_SPEC.contains(r)) {
        assertThat(r.description()).as(r.id()).contains("the SDK ");
      }
    }
  }

  @org.junit.jupiter.api.Test
  void everyRuleStricterThanTheSpecSaysSoAndHowToSkipIt() {
    for (Rule r : STRICTER_THAN_SPEC) {
      assertThat(r.description()).as(r.id())
          .contains(". Stricter than the spec, ")
          .endsWith(" Switch it off with ConformanceSuite.Builder.skip or the CLI's --skip "
              + r.id());
    }
    Set<Rule> annotated = EnumSet.allOf(Rule.class).stream()
        .filter(r -> r.description().contains("Stricter than the spec"))
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Rule.class)));
    assertThat(annotated).as("rules whose text says they are stricter than the spec")
        .isEqualTo(STRICTER_THAN_SPEC);
  }
}
