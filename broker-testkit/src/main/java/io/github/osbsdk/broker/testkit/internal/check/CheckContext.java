package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.client.BindResponse;
import io.github.osbsdk.broker.testkit.client.BindingLastOperation;
import io.github.osbsdk.broker.testkit.client.LastOperation;
import io.github.osbsdk.broker.testkit.client.LastOperationResponse;
import io.github.osbsdk.broker.testkit.client.OsbClient;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.client.ProvisionResponse;
import io.github.osbsdk.broker.testkit.internal.client.BodyMask;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** What a running check works with: the client, flows that wait and clean up, assertions. */
public final class CheckContext {
  /** The IBM Cloud account id the suite claims to provision for. */
  static final String ACCOUNT = "0sbc0nf0rmance0000000000000000aa";

  private final SuiteSettings settings;
  private final CleanupRegistry cleanups;
  private final OsbClient client;

  /** @param settings the run's settings */
  public CheckContext(SuiteSettings settings) {
    this.settings = settings;
    this.cleanups = new CleanupRegistry(this);
    this.client = settings.client().observingCreates(cleanups.observer(null));
  }

  /**
   * The authenticated client. Each provision and bind sent through it (or a copy of it) for a
   * plan this context made a body for registers the deprovision or unbind of its id before it is
   * sent, so that what a request without an answer (timed out, interrupted) may still create is
   * deleted; the registration is dropped again only when the broker answers with a 4xx other
   * than 408 (a 5xx or 408 may still have created it: the spec's orphan mitigation).
   *
   * @return the authenticated client
   */
  public OsbClient client() {
    return client;
  }

  /**
   * {@link #client()} for provisions and binds whose body names no plan this context made a body
   * for (a missing or unknown {@code plan_id}, the plan of another service, no ids at all, a body
   * that is no JSON): their cleanup is registered all the same, and deletes with the ids of
   * {@code cleanupPlan}, the plan the check created them for.
   *
   * @param cleanupPlan the plan whose ids the cleanup's delete sends
   * @return the client
   */
  public OsbClient client(PlanRef cleanupPlan) {
    return client.observingCreates(cleanups.observer(
        Objects.requireNonNull(cleanupPlan, "cleanupPlan == null")));
  }

  /**
   * A client made other than from {@link #client()} (other credentials, an IAM probe) whose
   * provisions and binds register their cleanup as {@link #client()}'s do; the cleanup deletes
   * through {@link #client()}.
   *
   * @param other the client
   * @return the observed copy
   */
  public OsbClient observed(OsbClient other) {
    return other.observingCreates(cleanups.observer(null));
  }

  /** @return the run's settings */
  public SuiteSettings settings() {
    return settings;
  }

  /** @return declared capabilities */
  public Capabilities caps() {
    return settings.capabilities();
  }

  /** @return a fresh id (a UUID) */
  public String newId() {
    return UUID.randomUUID().toString();
  }

  /** @return a fresh IBM Cloud style instance CRN (contains {@code :} and {@code /}) */
  public String newCrn() {
    return "crn:v1:bluemix:public:osb-conformance:us-south:a/" + ACCOUNT + ":" + newId() + "::";
  }

  /**
   * @param message what was expected and what came back
   * @param evidence the exchange, may be null
   * @return a failure to throw
   */
  public CheckFailure fail(String message, OsbResponse<?> evidence) {
    return new CheckFailure(message, evidence);
  }

  /**
   * @param reason why the rule does not apply
   * @return the exception to throw
   */
  public NotApplicable notApplicable(String reason) {
    return new NotApplicable(reason);
  }

  /**
   * Fails unless the status is one of {@code allowed}.
   *
   * @param r the answer
   * @param what what was sent, e.g. "a provision of a new instance"
   * @param allowed the allowed statuses
   */
  public void expectStatus(OsbResponse<?> r, String what, int... allowed) {
    for (int a : allowed) {
      if (r.status() == a) {
        return;
      }
    }
    throw fail("expected " + statuses(allowed) + " for " + what + ", got " + r.status(), r);
  }

  /**
   * Fails unless the answer is a JSON object.
   *
   * @param r the answer
   * @param what what was sent
   */
  public void expectJsonObject(OsbResponse<?> r, String what) {
    if (!r.isJsonObject()) {
      throw fail("expected a JSON object body for " + what + ", got "
          + (r.rawBody().isEmpty() ? "an empty body"
              : "'" + abbreviate(BodyMask.mask(r.json(), r.rawBody())) + "'"), r);
    }
  }

  /**
   * Fails unless the status and the {@code error} code match.
   *
   * @param r the answer
   * @param what what was sent
   * @param status the expected status
   * @param error the expected error code
   */
  public void expectError(OsbResponse<?> r, String what, int status, String error) {
    expectStatus(r, what, status);
    if (!r.errorCode().filter(error::equals).isPresent()) {
      throw fail("expected error code '" + error + "' in the " + status + " body for " + what
          + ", got " + r.errorCode().map(e -> "'" + e + "'").orElse("none"), r);
    }
  }

  /**
   * @param p a plan
   * @return a provision body for it
   */
  public Map<String, Object> provisionBody(PlanRef p) {
    return RequestBodies.provision(this, p, newCrn());
  }

  /**
   * @param p a plan
   * @return a bind body for it, with an {@code app_guid}
   */
  public Map<String, Object> bindBody(PlanRef p) {
    return RequestBodies.bind(this, p);
  }

  /**
   * Provisions a new instance (accepts_incomplete=true), waits until it is ready and registers
   * its deprovision for the end of the check.
   *
   * @param p the plan
   * @return the instance
   */
  public Provisioned provision(PlanRef p) {
    return provision(p, newId());
  }

  /**
   * @param p the plan
   * @param id the instance id
   * @return the instance, ready
   */
  public Provisioned provision(PlanRef p, String id) {
    Map<String, Object> body = RequestBodies.provision(this, p,
        id.startsWith("crn:") ? id : newCrn());
    OsbResponse<ProvisionResponse> r = client().provision(id, body, true);
    if (r.isSuccess()) {
      onCleanup("i:" + id, () -> deprovisionQuietly(id, p));
    }
    try {
      expectStatus(r, "a provision of a new instance (plan " + p.label() + ")", 201, 202);
      Provisioned inst = new Provisioned(id, p, body, r);
      if (inst.async()) {
        awaitInstance(id, p, r.operation().orElse(null), false);
      }
      return inst;
    } catch (CheckFailure f) {
      throw setupFailed(f);
    }
  }

  private static CheckFailure setupFailed(CheckFailure f) {
    return f.getMessage().startsWith("setup failed: ") ? f
        : new CheckFailure("setup failed: " + f.getMessage(), f.evidence());
  }

  /**
   * Binds a new binding, waits until it is ready and registers its unbind.
   *
   * @param inst the instance
   * @return the binding
   */
  public Bound bind(Provisioned inst) {
    return bind(inst, newId());
  }

  /**
   * @param inst the instance
   * @param bindingId the binding id
   * @return the binding, ready
   */
  public Bound bind(Provisioned inst, String bindingId) {
    PlanRef p = inst.plan();
    Map<String, Object> body = bindBody(p);
    OsbResponse<BindResponse> r = client().bind(inst.id(), bindingId, body, true);
    if (r.isSuccess()) {
      onCleanup("b:" + inst.id() + "/" + bindingId,
          () -> unbindQuietly(inst.id(), bindingId, p));
    }
    try {
      expectStatus(r, "a bind of a new binding (plan " + p.label() + ")", 201, 202);
      Bound b = new Bound(inst, bindingId, body, r);
      if (b.async()) {
        awaitBinding(inst.id(), bindingId, p, r.operation().orElse(null), false);
      }
      return b;
    } catch (CheckFailure f) {
      throw setupFailed(f);
    }
  }

  /**
   * Polls the instance's last_operation until it leaves {@code in progress}.
   *
   * @param id the instance id
   * @param p the plan to send (the old plan after a plan change)
   * @param operation the operation of the 202, may be null
   * @param deleting whether 410 counts as done
   * @return the final answer
   */
  public OsbResponse<LastOperationResponse> awaitInstance(String id, PlanRef p, String operation,
      boolean deleting) {
    return awaitInstance(id, p, operation, deleting, client());
  }

  /**
   * Polls the instance's last_operation through a given client (e.g. one replica).
   *
   * @param id the instance id
   * @param p the plan to send
   * @param operation the operation of the 202, may be null
   * @param deleting whether 410 counts as done
   * @param via the client that polls
   * @return the final answer
   */
  public OsbResponse<LastOperationResponse> awaitInstance(String id, PlanRef p, String operation,
      boolean deleting, OsbClient via) {
    LastOperation poll = LastOperation.instance(id).service(p.serviceId()).plan(p.planId())
        .operation(operation);
    return Poller.poll(this, () -> via.lastOperation(poll), p, deleting, "instance " + id);
  }

  /**
   * @param iid instance
   * @param bid binding
   * @param p plan
   * @param operation may be null
   * @param deleting 410 counts as done
   * @return the final answer
   */
  public OsbResponse<LastOperationResponse> awaitBinding(String iid, String bid, PlanRef p,
      String operation, boolean deleting) {
    BindingLastOperation poll = BindingLastOperation.instance(iid).binding(bid)
        .service(p.serviceId()).plan(p.planId()).operation(operation);
    return Poller.poll(this, () -> client().bindingLastOperation(poll), p, deleting,
        "binding " + bid);
  }

  /**
   * @param key a unique key
   * @param action run at the end of the check, newest first
   */
  public void onCleanup(String key, Runnable action) {
    cleanups.onCleanup(key, action);
  }

  /** @param instanceId an instance the check deleted itself */
  public void forgetInstance(String instanceId) {
    cleanups.forgetInstance(instanceId);
  }

  /**
   * @param instanceId instance
   * @param bindingId a binding the check deleted itself
   */
  public void forgetBinding(String instanceId, String bindingId) {
    cleanups.forgetBinding(instanceId, bindingId);
  }

  /** Runs every cleanup, newest first, ignoring failures. */
  public void cleanup() {
    cleanups.runAll();
  }

  /**
   * Deletes an instance, waiting for an async delete, ignoring errors; a 422 is retried as
   * {@link CleanupRegistry#deprovisionQuietly} says.
   *
   * @param id instance
   * @param p plan
   */
  public void deprovisionQuietly(String id, PlanRef p) {
    cleanups.deprovisionQuietly(id, p);
  }

  /**
   * Deletes a binding, waiting for an async unbind, ignoring errors; a 422 is retried as
   * {@link CleanupRegistry#unbindQuietly} says.
   *
   * @param iid instance
   * @param bid binding
   * @param p plan
   */
  public void unbindQuietly(String iid, String bid, PlanRef p) {
    cleanups.unbindQuietly(iid, bid, p);
  }

  /** @param p a plan a body was made for (see {@link CleanupRegistry#bodyFor}) */
  void bodyFor(PlanRef p) {
    cleanups.bodyFor(p);
  }

  private static String statuses(int... allowed) {
    return allowed.length == 1 ? String.valueOf(allowed[0])
        : Arrays.toString(allowed).replace("[", "one of ").replace("]", "");
  }

  /**
   * @param s text
   * @return at most 200 chars of it
   */
  public static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
