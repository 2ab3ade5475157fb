package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.client.Deprovision;
import io.github.osbsdk.broker.testkit.client.FetchBinding;
import io.github.osbsdk.broker.testkit.client.LastOperationResponse;
import io.github.osbsdk.broker.testkit.client.OsbClient;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.client.Unbind;
import io.github.osbsdk.broker.testkit.internal.client.BodyMask;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rules for a broker run as several replicas ({@code --url A --url B}): what one replica
 * accepted, every other one knows. Each check works on replica A (the first base URL) and
 * replica B (the second) explicitly; with one base URL they are not applicable.
 */
final class ReplicaChecks {
  private ReplicaChecks() {}

  static List<Check> global(CatalogView view) {
    return List.of(
        Check.of(Rule.REPLICAS_CATALOG, ctx -> catalog(ctx)),
        Check.of(Rule.REPLICAS_INSTANCE, ctx -> instance(ctx, view)),
        Check.of(Rule.REPLICAS_ASYNC_OPERATION, ctx -> asyncOperation(ctx, view)),
        Check.of(Rule.REPLICAS_BINDING, ctx -> binding(ctx, view)),
        Check.of(Rule.REPLICAS_BLUEMIX, ctx -> bluemix(ctx, view)));
  }

  private static void requireReplicas(CheckContext ctx) {
    if (ctx.client().replicaCount() < 2) {
      throw ctx.notApplicable("one base URL was given; pass the URL of every replica ("
          + ctx.settings().front().setting("ConformanceSuite.Builder.urls", "--url A --url B")
          + ")");
    }
  }

  private static void catalog(CheckContext ctx) {
    requireReplicas(ctx);
    OsbResponse<?> first = ctx.client().onReplica(0).catalog();
    ctx.expectStatus(first, "the catalog on replica A", 200);
    for (int i = 1; i < ctx.client().replicaCount(); i++) {
      OsbResponse<?> other = ctx.client().onReplica(i).catalog();
      ctx.expectStatus(other, "the catalog on replica " + (char) ('A' + i), 200);
      if (!first.json().equals(other.json())) {
        throw ctx.fail("replica " + (char) ('A' + i) + " answers another catalog than replica A",
            other);
      }
      Optional<String> a = first.header("ETag");
      Optional<String> b = other.header("ETag");
      if (!a.equals(b)) {
        throw ctx.fail("replica A sends ETag " + a.orElse("(none)") + " and replica "
            + (char) ('A' + i) + " " + b.orElse("(none)") + " for the same catalog: a platform"
            + " behind a load balancer would refetch it every time", other);
      }
    }
  }

  /** A plan whose instances the broker creates synchronously when it can, else any plan. */
  private static Optional<PlanRef> plan(CheckContext ctx, List<PlanRef> plans) {
    return plans.stream().filter(p -> !ctx.caps().asyncOnlyPlans().contains(p.planId()))
        .findFirst().or(() -> plans.stream().findFirst());
  }

  private static void instance(CheckContext ctx, CatalogView view) {
    requireReplicas(ctx);
    PlanRef p = plan(ctx, view.plans()).orElseThrow(() -> ctx.notApplicable("no plan"));
    OsbClient a = ctx.client().onReplica(0);
    OsbClient b = ctx.client().onReplica(1);
    String id = ctx.newId();
    Map<String, Object> body = ctx.provisionBody(p);
    OsbResponse<?> created = a.provision(id, body, true);
    if (created.isSuccess()) {
      ctx.onCleanup("i:" + id, () -> ctx.deprovisionQuietly(id, p));
    }
    ctx.expectStatus(created, "a provision on replica A (plan " + p.label() + ")", 201, 202);
    if (created.status() == 202) {
      ctx.awaitInstance(id, p, created.operation().orElse(null), false);
    }
    if (view.instancesRetrievable(p)) {
      OsbResponse<?> onB = b.fetchInstance(id, p.serviceId(), p.planId());
      ctx.expectStatus(onB, "a fetch on replica B of an instance provisioned on replica A", 200);
      OsbResponse<?> onA = a.fetchInstance(id, p.serviceId(), p.planId());
      sameAnswer(ctx, onA, onB, "a fetch of the instance");
    }
    OsbResponse<?> again = b.provision(id, body, true);
    if (created.status() == 201) {
      ctx.expectStatus(again, "an identical provision on replica B of an instance provisioned"
          + " on replica A", 200);
    } else {
      ctx.expectStatus(again, "an identical provision on replica B of an instance provisioned"
          + " asynchronously on replica A", 200, 201, 202);
    }
    OsbResponse<?> deleted = b.deprovision(Deprovision.instance(id)
        .service(p.serviceId()).plan(p.planId()).acceptsIncomplete(true));
    ctx.expectStatus(deleted, "a deprovision on replica B of an instance provisioned on"
        + " replica A", 200, 202);
    ctx.forgetInstance(id);
    if (deleted.status() == 202) {
      ctx.awaitInstance(id, p, deleted.operation().orElse(null), true);
    }
    OsbResponse<?> gone = a.deprovision(Deprovision.instance(id)
        .service(p.serviceId()).plan(p.planId()).acceptsIncomplete(true));
    ctx.expectStatus(gone, "a deprovision on replica A of an instance replica B deleted", 410);
  }

  private static void sameAnswer(CheckContext ctx, OsbResponse<?> onA, OsbResponse<?> onB,
      String what) {
    sameAnswer(ctx, onA, onB, what, onA.json(), onB.json());
  }

  /** Fails unless both answers have one status and the JSON nodes given for them are equal. */
  private static void sameAnswer(CheckContext ctx, OsbResponse<?> onA, OsbResponse<?> onB,
      String what, JsonNode a, JsonNode b) {
    if (onA.status() != onB.status() || !Objects.equals(a, b)) {
      throw ctx.fail(what + " answers differently on replica A (" + onA.status() + " "
          + CheckContext.abbreviate(BodyMask.mask(onA.json(), onA.rawBody()))
          + ") and replica B (" + onB.status() + ")",
          onB);
    }
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
      OsbResponse<?> onB) {
    JsonNode returned = bound.status() == 201 ? BindingChecks.credentials(bound) : null;
    if (returned != null) {
      returnedByTheBind(ctx, returned, onB, 'B');
      returnedByTheBind(ctx, returned, onA, 'A');
    }
    JsonNode credentialsOnA = BindingChecks.credentials(onA);
    JsonNode credentialsOnB = BindingChecks.credentials(onB);
    if (credentialsOnA != null && credentialsOnB == null) {
      throw ctx.fail("a fetch of the binding answers differently on replica A (with"
          + " credentials) and replica B just before (without): replica B does not know them",
          onB);
    }
    if (credentialsOnA != null && !credentialsOnA.equals(credentialsOnB)) {
      throw ctx.fail("a fetch of the binding answers differently on replica A and replica B:"
          + " expected A's credentials to be those B answered just before, or none"
          + CredentialDifference.describe(credentialsOnB, credentialsOnA), onA);
    }
    sameAnswer(ctx, onA, onB, "a fetch of the binding (credentials aside)",
        withoutCredentials(onA.json()), withoutCredentials(onB.json()));
  }

  /**
   * Fails when the fetch on a replica answers other credentials than the synchronous bind on
   * replica A returned: a replica that cannot read them must not make up its own. None is fine
   * (a broker may return them only once).
   */
  private static void returnedByTheBind(CheckContext ctx, JsonNode returned,
      OsbResponse<?> fetch, char replica) {
    JsonNode fetched = BindingChecks.credentials(fetch);
    if (fetched != null && !fetched.equals(returned)) {
      throw ctx.fail("a fetch of the binding on replica " + replica + " answers differently"
          + " from the synchronous bind on replica A: expected the credentials the bind"
          + " returned, or none" + CredentialDifference.describe(returned, fetched), fetch);
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

  private static void asyncOperation(CheckContext ctx, CatalogView view) {
    requireReplicas(ctx);
    List<PlanRef> async = view.plans().stream()
        .filter(p -> ctx.caps().asyncOnlyPlans().contains(p.planId())).toList();
    List<PlanRef> candidates = async.isEmpty() ? view.plans() : async;
    OsbClient a = ctx.client().onReplica(0);
    OsbClient b = ctx.client().onReplica(1);
    for (PlanRef p : candidates) {
      String id = ctx.newId();
      OsbResponse<?> created = a.provision(id, ctx.provisionBody(p), true);
      if (created.isSuccess()) {
        ctx.onCleanup("i:" + id, () -> ctx.deprovisionQuietly(id, p));
      }
      ctx.expectStatus(created, "a provision on replica A (plan " + p.label() + ")", 201, 202);
      if (created.status() == 202) {
        String operation = created.operation().orElse(null);
        OsbResponse<LastOperationResponse> done = ctx.awaitInstance(id, p, operation, false, b);
        ctx.expectStatus(done, "last_operation on replica B of a provision replica A accepted",
            200);
        return;
      }
    }
    throw ctx.notApplicable("no plan provisioned asynchronously (declare async-only plans with"
        + " " + ctx.settings().front().setting("Capabilities.asyncOnlyPlans", "--async-plan")
        + ")");
  }

  private static void binding(CheckContext ctx, CatalogView view) {
    requireReplicas(ctx);
    PlanRef p = plan(ctx, view.bindablePlans()).orElseThrow(() ->
        ctx.notApplicable("no bindable plan"));
    OsbClient a = ctx.client().onReplica(0);
    OsbClient b = ctx.client().onReplica(1);
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
      OsbResponse<?> onB = b.fetchBinding(fetch);
      ctx.expectStatus(onB, "a fetch on replica B of a binding created on replica A", 200);
      OsbResponse<?> onA = a.fetchBinding(fetch);
      sameBinding(ctx, bound, onA, onB);
    }
    ctx.expectStatus(b.bind(inst.id(), bid, body, true), "an identical bind on replica B of a"
        + " binding created on replica A", bound.status() == 201 ? new int[] {200}
        : new int[] {200, 201, 202});
    OsbResponse<?> unbound = b.unbind(Unbind.instance(inst.id()).binding(bid)
        .service(p.serviceId()).plan(p.planId()).acceptsIncomplete(true));
    ctx.expectStatus(unbound, "an unbind on replica B of a binding created on replica A", 200,
        202);
    ctx.forgetBinding(inst.id(), bid);
    if (unbound.status() == 202) {
      ctx.awaitBinding(inst.id(), bid, p, unbound.operation().orElse(null), true);
    }
    ctx.expectStatus(a.unbind(Unbind.instance(inst.id()).binding(bid)
        .service(p.serviceId()).plan(p.planId()).acceptsIncomplete(true)),
        "an unbind on replica A of a binding replica B deleted", 410);
  }

  /**
   * Disables an instance through {@code /bluemix_v1} on replica A and reads the state and tries
   * a bind on replica B, then enables it on B and reads it on A: a replica that keeps the state
   * of its own is found whichever replica a load balancer picks.
   */
  private static void bluemix(CheckContext ctx, CatalogView view) {
    requireReplicas(ctx);
    if (!ctx.caps().bluemix()) {
      throw ctx.notApplicable("bluemix_v1 checks are switched off (" + ctx.settings().front()
          .setting("Capabilities.bluemix", "--no-bluemix") + ")");
    }
    PlanRef p = plan(ctx, view.bindablePlans()).or(() -> plan(ctx, view.plans()))
        .orElseThrow(() -> ctx.notApplicable("no plan"));
    OsbClient a = ctx.client().onReplica(0);
    OsbClient b = ctx.client().onReplica(1);
    Provisioned inst = ctx.provision(p);
    IbmChecks.expectState(ctx, a.updateInstanceState(inst.id(), false, "osb-conformance",
        "IBMCLOUD_ACCT_SUSPEND"), "PUT /bluemix_v1 enabled=false on replica A", false);
    IbmChecks.expectState(ctx, b.instanceState(inst.id()), "GET /bluemix_v1 on replica B of an"
        + " instance disabled on replica A", false);
    if (view.bindable(p)) {
      String bid = ctx.newId();
      OsbResponse<?> r = b.bind(inst.id(), bid, ctx.bindBody(p), true);
      if (r.isSuccess()) {
        ctx.onCleanup("b:" + inst.id() + "/" + bid, () -> ctx.unbindQuietly(inst.id(), bid, p));
      }
      ctx.expectStatus(r, "a bind on replica B of an instance disabled on replica A", 422);
    }
    IbmChecks.expectState(ctx, b.updateInstanceState(inst.id(), true, "osb-conformance",
        "IBMCLOUD_ACCT_ACTIVATE"), "PUT /bluemix_v1 enabled=true on replica B", true);
    IbmChecks.expectState(ctx, a.instanceState(inst.id()), "GET /bluemix_v1 on replica A of an"
        + " instance enabled again on replica B", true);
  }
}
