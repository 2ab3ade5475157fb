package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.client.Deprovision;
import io.github.osbsdk.broker.testkit.client.LastOperation;
import io.github.osbsdk.broker.testkit.client.LastOperationResponse;
import io.github.osbsdk.broker.testkit.client.OsbClient;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.internal.client.BodyMask;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rules for a broker run as several replicas ({@code --url A --url B}): what one replica
 * accepted, every other one knows. Each check creates on replica A (the first base URL) and
 * sends each step that must find it to the next of the other replicas ({@link ReplicaTurns});
 * with one base URL they are not applicable.
 */
final class ReplicaChecks {
  private ReplicaChecks() {}

  static List<Check> global(CatalogView view) {
    return List.of(
        Check.of(Rule.REPLICAS_CATALOG, ctx -> catalog(ctx)),
        Check.of(Rule.REPLICAS_INSTANCE, ctx -> instance(ctx, view)),
        Check.of(Rule.REPLICAS_ASYNC_OPERATION, ctx -> asyncOperation(ctx, view)),
        Check.of(Rule.REPLICAS_BINDING, ctx -> ReplicaBindingChecks.binding(ctx, view)),
        Check.of(Rule.REPLICAS_BLUEMIX, ctx -> bluemix(ctx, view)));
  }

  static void requireReplicas(CheckContext ctx) {
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
      String name = ReplicaTurns.name(i);
      ctx.expectStatus(other, "the catalog on " + name, 200);
      if (!first.json().equals(other.json())) {
        throw ctx.fail(name + " answers another catalog than replica A", other);
      }
      Optional<String> a = first.header("ETag");
      Optional<String> b = other.header("ETag");
      if (!a.equals(b)) {
        throw ctx.fail("replica A sends ETag " + a.orElse("(none)") + " and " + name + " "
            + b.orElse("(none)") + " for the same catalog: a platform"
            + " behind a load balancer would refetch it every time", other);
      }
    }
  }

  /** A plan whose instances the broker creates synchronously when it can, else any plan. */
  static Optional<PlanRef> plan(CheckContext ctx, List<PlanRef> plans) {
    return plans.stream().filter(p -> !ctx.caps().asyncOnlyPlans().contains(p.planId()))
        .findFirst().or(() -> plans.stream().findFirst());
  }

  private static void instance(CheckContext ctx, CatalogView view) {
    requireReplicas(ctx);
    PlanRef p = plan(ctx, view.plans()).orElseThrow(() ->
        ctx.notApplicable("the catalog has no plan"));
    ReplicaTurns turns = new ReplicaTurns(ctx.client());
    OsbClient a = turns.a().client();
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
      ReplicaTurns.Replica b = turns.next();
      OsbResponse<?> onB = b.client().fetchInstance(id, p.serviceId(), p.planId());
      ctx.expectStatus(onB, "a fetch on " + b.name() + " of an instance provisioned on"
          + " replica A", 200);
      OsbResponse<?> onA = a.fetchInstance(id, p.serviceId(), p.planId());
      sameAnswer(ctx, onA, onB, b.name(), "a fetch of the instance", onA.json(), onB.json());
    }
    ReplicaTurns.Replica b = turns.next();
    identicalOnB(ctx, b, id, body, created, "");
    b = turns.next();
    OsbResponse<?> deleted = b.client().deprovision(Deprovision.instance(id)
        .service(p.serviceId()).plan(p.planId()).acceptsIncomplete(true));
    ctx.expectStatus(deleted, "a deprovision on " + b.name() + " of an instance provisioned on"
        + " replica A", 200, 202);
    ctx.forgetInstance(id);
    if (deleted.status() == 202) {
      ctx.awaitInstance(id, p, deleted.operation().orElse(null), true);
    }
    OsbResponse<?> gone = a.deprovision(Deprovision.instance(id)
        .service(p.serviceId()).plan(p.planId()).acceptsIncomplete(true));
    ctx.expectStatus(gone, "a deprovision on replica A of an instance " + b.name()
        + " deleted", 410);
    Optional<PlanRef> async = view.asyncPlanBesides(p, created.status() == 201);
    if (async.isPresent()) {
      asyncPlanInstance(ctx, turns, async.get());
    }
  }

  /**
   * Provisions an instance of an asynchronous plan ({@link CatalogView#asyncPlanBesides}) on
   * replica A, waits until its create succeeded and provisions it identically on the next
   * replica (cleanup deletes it): a replica that forgot the finished operation answers 202 there.
   */
  private static void asyncPlanInstance(CheckContext ctx, ReplicaTurns turns, PlanRef p) {
    String id = ctx.newId();
    Map<String, Object> body = ctx.provisionBody(p);
    OsbResponse<?> created = turns.a().client().provision(id, body, true);
    if (created.isSuccess()) {
      ctx.onCleanup("i:" + id, () -> ctx.deprovisionQuietly(id, p));
    }
    String plan = " (" + asyncKind(ctx, p) + " " + p.label() + ")";
    ctx.expectStatus(created, "a provision on replica A" + plan, 201, 202);
    if (created.status() == 202) {
      ctx.awaitInstance(id, p, created.operation().orElse(null), false);
    }
    identicalOnB(ctx, turns.next(), id, body, created, plan);
  }

  /**
   * @param ctx the check's context
   * @param p a plan {@link CatalogView#asyncPlanBesides} picked
   * @return how it was told asynchronous: "async-only plan", or "plan with
   *     maximum_polling_duration"
   */
  static String asyncKind(CheckContext ctx, PlanRef p) {
    return ctx.caps().asyncOnlyPlans().contains(p.planId()) ? "async-only plan"
        : "plan with maximum_polling_duration";
  }

  /** Provisions identically on replica {@code b} what replica A created with {@code created}. */
  private static void identicalOnB(CheckContext ctx, ReplicaTurns.Replica b, String id,
      Map<String, Object> body, OsbResponse<?> created, String plan) {
    OsbResponse<?> again = b.client().provision(id, body, true);
    if (created.status() == 201) {
      ctx.expectStatus(again, "an identical provision on " + b.name() + " of an instance"
          + " provisioned on replica A" + plan, 200);
    } else {
      // as provision.identical: after an asynchronous create, 200 or 201; never 202, since
      // last_operation said succeeded (a replica answering 202 sees the create as running)
      ctx.expectStatus(again, "an identical provision on " + b.name() + " of an instance"
          + " provisioned asynchronously on replica A" + plan + " (last_operation said"
          + " succeeded)", 200, 201);
    }
  }

  /**
   * Fails unless both answers have one status and the JSON nodes given for them are equal.
   *
   * @param ctx the check's context
   * @param onA the answer of replica A
   * @param onB the answer of the other replica
   * @param b the other replica's name
   * @param what what was asked
   * @param a what of A's answer is compared
   * @param other what of the other replica's answer is compared
   */
  static void sameAnswer(CheckContext ctx, OsbResponse<?> onA, OsbResponse<?> onB, String b,
      String what, JsonNode a, JsonNode other) {
    if (onA.status() != onB.status() || !Objects.equals(a, other)) {
      throw ctx.fail(what + " answers differently on replica A (" + onA.status() + " "
          + CheckContext.abbreviate(BodyMask.mask(onA.json(), onA.rawBody()))
          + ") and " + b + " (" + onB.status() + ")",
          onB);
    }
  }

  /**
   * Provisions asynchronously on replica A and polls on the other replicas in turn until the
   * operation succeeded and each of them answered (one that was not polled before the end is
   * asked once more, and must say {@code succeeded}).
   */
  private static void asyncOperation(CheckContext ctx, CatalogView view) {
    requireReplicas(ctx);
    List<PlanRef> async = view.plans().stream()
        .filter(p -> ctx.caps().asyncOnlyPlans().contains(p.planId())).toList();
    List<PlanRef> candidates = async.isEmpty() ? view.plans() : async;
    ReplicaTurns turns = new ReplicaTurns(ctx.client());
    OsbClient a = turns.a().client();
    for (PlanRef p : candidates) {
      String id = ctx.newId();
      OsbResponse<?> created = a.provision(id, ctx.provisionBody(p), true);
      if (created.isSuccess()) {
        ctx.onCleanup("i:" + id, () -> ctx.deprovisionQuietly(id, p));
      }
      ctx.expectStatus(created, "a provision on replica A (plan " + p.label() + ")", 201, 202);
      if (created.status() == 202) {
        LastOperation poll = LastOperation.instance(id).service(p.serviceId())
            .plan(p.planId()).operation(created.operation().orElse(null));
        String[] asked = new String[1];
        Poller.poll(ctx, () -> {
          ReplicaTurns.Replica b = turns.next();
          asked[0] = b.name();
          return b.client().lastOperation(poll);
        }, p, false, "instance " + id + " (polled on the replicas other than A in turn)");
        for (ReplicaTurns.Replica b : turns.notAsked()) {
          OsbResponse<LastOperationResponse> late = b.client().lastOperation(poll);
          ctx.expectStatus(late, "last_operation on " + b.name() + " of a provision replica A"
              + " accepted, after " + asked[0] + " said succeeded", 200);
          if (!"succeeded".equals(late.text("state").orElse(null))) {
            throw ctx.fail("expected last_operation state 'succeeded' on " + b.name() + " of a"
                + " provision replica A accepted, after " + asked[0] + " said succeeded", late);
          }
        }
        return;
      }
    }
    throw ctx.notApplicable("no plan provisioned asynchronously (declare async-only plans with"
        + " " + ctx.settings().front().setting("Capabilities.asyncOnlyPlans", "--async-plan")
        + ")");
  }

  /**
   * Disables an instance through {@code /bluemix_v1} on replica A, reads the state and tries a
   * bind on the next replicas (B, then C when there is one), enables it on the next and reads it
   * on A: a replica that keeps the state of its own is found whichever replica a load balancer
   * picks.
   */
  private static void bluemix(CheckContext ctx, CatalogView view) {
    requireReplicas(ctx);
    if (!ctx.caps().bluemix()) {
      throw ctx.notApplicable("bluemix_v1 checks are switched off (" + ctx.settings().front()
          .setting("Capabilities.bluemix", "--no-bluemix") + ")");
    }
    PlanRef p = plan(ctx, view.bindablePlans()).or(() -> plan(ctx, view.plans()))
        .orElseThrow(() -> ctx.notApplicable("the catalog has no plan"));
    ReplicaTurns turns = new ReplicaTurns(ctx.client());
    OsbClient a = turns.a().client();
    Provisioned inst = ctx.provision(p);
    IbmChecks.expectState(ctx, a.updateInstanceState(inst.id(), false, "osb-conformance",
        "IBMCLOUD_ACCT_SUSPEND"), "PUT /bluemix_v1 enabled=false on replica A", false);
    ReplicaTurns.Replica b = turns.next();
    IbmChecks.expectState(ctx, b.client().instanceState(inst.id()), "GET /bluemix_v1 on "
        + b.name() + " of an instance disabled on replica A", false);
    if (view.bindable(p)) {
      b = turns.next();
      String bid = ctx.newId();
      OsbResponse<?> r = b.client().bind(inst.id(), bid, ctx.bindBody(p), true);
      if (r.isSuccess()) {
        ctx.onCleanup("b:" + inst.id() + "/" + bid, () -> ctx.unbindQuietly(inst.id(), bid, p));
      }
      ctx.expectStatus(r, "a bind on " + b.name() + " of an instance disabled on replica A",
          422);
    }
    b = turns.next();
    IbmChecks.expectState(ctx, b.client().updateInstanceState(inst.id(), true,
        "osb-conformance", "IBMCLOUD_ACCT_ACTIVATE"), "PUT /bluemix_v1 enabled=true on "
        + b.name(), true);
    IbmChecks.expectState(ctx, a.instanceState(inst.id()), "GET /bluemix_v1 on replica A of an"
        + " instance enabled again on " + b.name(), true);
  }
}
