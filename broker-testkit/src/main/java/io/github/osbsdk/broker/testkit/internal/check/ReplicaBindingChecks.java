package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.testkit.client.FetchBinding;
import io.github.osbsdk.broker.testkit.client.OsbClient;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.client.Unbind;
import java.util.Map;
import java.util.Objects;

/**
 * {@code replicas.binding}: a binding created on replica A is fetched, bound identically and
 * unbound on the other replicas in turn ({@link ReplicaTurns}), with the credentials every
 * answer carries compared with those the bind returned and those replica A answers.
 */
final class ReplicaBindingChecks {
  private ReplicaBindingChecks() {}

  static void binding(CheckContext ctx, CatalogView view) {
    ReplicaChecks.requireReplicas(ctx);
    PlanRef p = ReplicaChecks.plan(ctx, view.bindablePlans()).orElseThrow(() ->
        ctx.notApplicable(Unplanned.noBindablePlan(view, ctx)));
    ReplicaTurns turns = new ReplicaTurns(ctx.client());
    OsbClient a = turns.a().client();
    Provisioned inst = ctx.provision(p);
    String bid = ctx.newId();
    Map<String, Object> body = ctx.bindBody(p);
    OsbResponse<?> bound = a.bind(inst.id(), bid, body, true);
    if (bound.isSuccess()) {
      ctx.onCleanup("b:" + inst.id() + "/" + bid, () -> ctx.unbindQuietly(inst.id(), bid, p));
    }
    ctx.expectStatus(bound, "a bind on replica A (plan " + p.label() + ")", 201, 202);
    if (bound.status() == 202) {
      ctx.awaitBinding(inst.id(), bid, p, bound.operation().orElse(null), false);
    }
    if (view.bindingsRetrievable(p)) {
      FetchBinding fetch = FetchBinding.instance(inst.id()).binding(bid)
          .service(p.serviceId()).plan(p.planId());
      ReplicaTurns.Replica b = turns.next();
      OsbResponse<?> onB = b.client().fetchBinding(fetch);
      ctx.expectStatus(onB, "a fetch on " + b.name() + " of a binding created on replica A",
          200);
      OsbResponse<?> onA = a.fetchBinding(fetch);
      sameBinding(ctx, bound, onA, onB, b.name());
    }
    ReplicaTurns.Replica b = turns.next();
    // as bind.identical: after an asynchronous create, 200 or 201; never 202, since
    // last_operation said succeeded (a replica answering 202 sees the operation as running)
    int[] repeated = bound.status() == 201 ? new int[] {200} : new int[] {200, 201};
    String created = bound.status() == 201 ? "created on replica A"
        : "created asynchronously on replica A (last_operation said succeeded)";
    OsbResponse<?> again = b.client().bind(inst.id(), bid, body, true);
    ctx.expectStatus(again, "an identical bind on " + b.name() + " of a binding " + created,
        repeated);
    OsbResponse<?> againOnA = a.bind(inst.id(), bid, body, true);
    ctx.expectStatus(againOnA, "an identical bind on replica A of a binding it created, right"
        + " after the one on " + b.name(), repeated);
    sameRepeat(ctx, bound, againOnA, again, b.name());
    b = turns.next();
    OsbResponse<?> unbound = b.client().unbind(Unbind.instance(inst.id()).binding(bid)
        .service(p.serviceId()).plan(p.planId()).acceptsIncomplete(true));
    ctx.expectStatus(unbound, "an unbind on " + b.name() + " of a binding created on replica A",
        200, 202);
    ctx.forgetBinding(inst.id(), bid);
    if (unbound.status() == 202) {
      ctx.awaitBinding(inst.id(), bid, p, unbound.operation().orElse(null), true);
    }
    ctx.expectStatus(a.unbind(Unbind.instance(inst.id()).binding(bid)
        .service(p.serviceId()).plan(p.planId()).acceptsIncomplete(true)),
        "an unbind on replica A of a binding " + b.name() + " deleted", 410);
  }

  /**
   * Compares the fetches of a binding on replica B and then on replica A with the bind on A and
   * with each other. A broker may return a binding's credentials only once (spec.md "Binding"):
   * with a synchronous bind, or at the first fetch of one created asynchronously. So a fetch may
   * answer none where the synchronous bind returned some, and A's may leave out those B's just
   * carried; but the credentials a fetch does answer are those the synchronous bind returned,
   * and A answers none that B did not know, nor other ones than B's.
   */
  private static void sameBinding(CheckContext ctx, OsbResponse<?> bound, OsbResponse<?> onA,
      OsbResponse<?> onB, String b) {
    JsonNode returned = bound.status() == 201 ? BindingChecks.credentials(bound) : null;
    if (returned != null) {
      returnedByTheBind(ctx, returned, onB, "a fetch of the binding on " + b);
      returnedByTheBind(ctx, returned, onA, "a fetch of the binding on replica A");
    }
    JsonNode credentialsOnA = BindingChecks.credentials(onA);
    JsonNode credentialsOnB = BindingChecks.credentials(onB);
    if (credentialsOnA != null && credentialsOnB == null) {
      throw ctx.fail("a fetch of the binding answers differently on replica A (with"
          + " credentials) and " + b + " just before (without): " + b + " does not know them",
          onB);
    }
    if (credentialsOnA != null && !credentialsOnA.equals(credentialsOnB)) {
      throw ctx.fail("a fetch of the binding answers differently on replica A and " + b + ":"
          + " expected A's credentials to be those " + b + " answered just before, or none"
          + CredentialDifference.describe(credentialsOnB, credentialsOnA), onA);
    }
    ReplicaChecks.sameAnswer(ctx, onA, onB, b, "a fetch of the binding (credentials aside)",
        withoutCredentials(onA.json()), withoutCredentials(onB.json()));
  }

  /**
   * Compares the identical bind on replica B with the same repeat on replica A right after it
   * and with the bind: B answers the credentials (or none) A answers, and after a synchronous
   * bind those the bind returned, or none (a broker may return them only once). A replica that
   * cannot read them answers none where A answers them; one that makes up its own answers
   * others.
   */
  private static void sameRepeat(CheckContext ctx, OsbResponse<?> bound, OsbResponse<?> onA,
      OsbResponse<?> onB, String b) {
    JsonNode returned = bound.status() == 201 ? BindingChecks.credentials(bound) : null;
    if (returned != null) {
      returnedByTheBind(ctx, returned, onB, "the identical bind on " + b);
    }
    JsonNode credentialsOnA = BindingChecks.credentials(onA);
    JsonNode credentialsOnB = BindingChecks.credentials(onB);
    if (credentialsOnA != null && credentialsOnB == null) {
      throw ctx.fail("the identical bind on " + b + " answers no credentials, and the same"
          + " repeat on replica A right after it answers them: " + b + " does not know them",
          onB);
    }
    if (!Objects.equals(credentialsOnA, credentialsOnB)) {
      throw ctx.fail("the identical bind on " + b + " answers other credentials than the same"
          + " repeat on replica A right after it: expected A's, or none where A answers none"
          + (credentialsOnA == null ? " (A answers none)"
              : CredentialDifference.describe(credentialsOnA, credentialsOnB)), onB);
    }
  }

  /**
   * Fails when an answer carries other credentials than the synchronous bind on replica A
   * returned: a replica that cannot read them must not make up its own. None is fine (a broker
   * may return them only once).
   */
  private static void returnedByTheBind(CheckContext ctx, JsonNode returned,
      OsbResponse<?> answer, String what) {
    JsonNode carried = BindingChecks.credentials(answer);
    if (carried != null && !carried.equals(returned)) {
      throw ctx.fail(what + " answers differently from the synchronous bind on replica A:"
          + " expected the credentials the bind returned, or none"
          + CredentialDifference.describe(returned, carried), answer);
    }
  }

  private static JsonNode withoutCredentials(JsonNode json) {
    if (json == null || !json.isObject() || !json.has("credentials")) {
      return json;
    }
    ObjectNode copy = ((ObjectNode) json).deepCopy();
    copy.remove("credentials");
    return copy;
  }
}
