package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.testkit.client.BindResponse;
import io.github.osbsdk.broker.testkit.client.FetchBinding;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import java.util.List;

/**
 * Judges the shape of one field of a binding's answers: the synchronous bind's answer, an
 * identical repeat's 200/201 and a fetch's 200 (when the plan's bindings are retrievable), each
 * read as a JSON tree, so an answer the kit's typed body cannot hold is judged with its values.
 * When no answer carries the field, the check is not applicable. Shared by the checks of
 * {@code volume_mounts} and {@code endpoints}, with the helpers their messages use.
 */
final class BindingAnswerShape {
  private BindingAnswerShape() {}

  /** Judges the field of one answer. */
  @FunctionalInterface
  interface FieldJudge {
    /**
     * Fails the check (through {@code ctx}) unless {@code value} has the field's shape.
     *
     * @param value the field's value, neither missing nor JSON null
     * @param r the answer carrying it
     * @param what the answer, as failure messages name it
     */
    void judge(JsonNode value, OsbResponse<?> r, String what);
  }

  /**
   * Binds on a new instance of {@code p} and judges {@code field} of every answer that carries it.
   *
   * @throws NotApplicable when no answer carries the field
   */
  static void judgeAnswers(CheckContext ctx, CatalogView view, PlanRef p, String field,
      FieldJudge judge) {
    Bound b = ctx.bind(ctx.provision(p));
    boolean seen = !b.async() && judged(b.first(), field, "the bind's " + b.first().status()
        + " answer", judge);
    OsbResponse<BindResponse> again = ctx.client().bind(b.instance().id(), b.id(), b.body(),
        true);
    if (again.status() == 200 || again.status() == 201) {
      seen |= judged(again, field, "the identical bind's " + again.status() + " answer", judge);
    }
    if (view.bindingsRetrievable(p)) {
      OsbResponse<BindingDetails> fetched = ctx.client().fetchBinding(FetchBinding
          .instance(b.instance().id()).binding(b.id()).service(p.serviceId()).plan(p.planId()));
      if (fetched.status() == 200) {
        seen |= judged(fetched, field, "the fetch's 200 answer", judge);
      }
    }
    if (!seen) {
      throw ctx.notApplicable("no bind or fetch answer carried " + field);
    }
  }

  /** Judges the field of one answer; returns whether it carried it. */
  private static boolean judged(OsbResponse<?> r, String field, String what, FieldJudge judge) {
    JsonNode json = r.json();
    JsonNode value = json == null || !json.isObject() ? null : json.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    judge.judge(value, r, what);
    return true;
  }

  /** Fails unless {@code field} of {@code node} is a non-empty string. */
  static void requireText(CheckContext ctx, OsbResponse<?> r, String what, JsonNode node,
      String at, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.textValue().isBlank()) {
      throw ctx.fail("expected " + at + "." + field + " in " + what + " to be a non-empty"
          + " string (required by the spec), got " + shown(value), r);
    }
  }

  /** Fails unless {@code field} of {@code node} is one of {@code allowed}. */
  static void requireOneOf(CheckContext ctx, OsbResponse<?> r, String what, JsonNode node,
      String at, String field, List<String> allowed) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || !allowed.contains(value.textValue())) {
      throw ctx.fail("expected " + at + "." + field + " in " + what + " to be "
          + (allowed.size() == 1 ? "\"" + allowed.get(0) + "\"" : "one of \""
              + String.join("\", \"", allowed) + "\"") + ", got " + shown(value), r);
    }
  }

  /** A value as failure messages quote it, abbreviated; "none" when missing. */
  static String shown(JsonNode value) {
    return value == null ? "none" : CheckContext.abbreviate(value.toString());
  }

  /** The JSON type of a value, as failure messages name it. */
  static String kind(JsonNode value) {
    return value.isObject() ? "an object" : value.isArray() ? "an array"
        : value.isTextual() ? "a string" : value.isNumber() ? "a number"
            : value.isBoolean() ? "a boolean" : "null";
  }
}
