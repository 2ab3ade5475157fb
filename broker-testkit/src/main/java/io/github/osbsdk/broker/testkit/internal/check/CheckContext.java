package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.testkit.client.BindResponse;
import io.github.osbsdk.broker.testkit.client.ProvisionResponse;
import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.client.OsbClient;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.internal.client.BodyMask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/** What a running check works with: the client, flows that wait and clean up, assertions. */
public final class CheckContext {
  /** The IBM Cloud account id the suite claims to provision for. */
  static final String ACCOUNT = "0sbc0nf0rmance0000000000000000aa";

  private final SuiteSettings settings;
  private final Map<String, Runnable> cleanups = new LinkedHashMap<>();

  /** @param settings the run's settings */
  public CheckContext(SuiteSettings settings) {
    this.settings = settings;
  }

  /** @return the authenticated client */
  public OsbClient client() {
    return settings.client();
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
  public OsbResponse<LastOperation> awaitInstance(String id, PlanRef p, String operation,
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
  public OsbResponse<LastOperation> awaitInstance(String id, PlanRef p, String operation,
      boolean deleting, OsbClient via) {
    return Poller.poll(this, () -> via.lastOperation(id, p.serviceId(), p.planId(),
        operation), p, deleting, "instance " + id);
  }

  /**
   * @param iid instance
   * @param bid binding
   * @param p plan
   * @param operation may be null
   * @param deleting 410 counts as done
   * @return the final answer
   */
  public OsbResponse<LastOperation> awaitBinding(String iid, String bid, PlanRef p,
      String operation, boolean deleting) {
    return Poller.poll(this, () -> client().bindingLastOperation(iid, bid, p.serviceId(),
        p.planId(), operation), p, deleting, "binding " + bid);
  }

  /**
   * @param key a unique key
   * @param action run at the end of the check, newest first
   */
  public void onCleanup(String key, Runnable action) {
    synchronized (cleanups) {
      cleanups.remove(key);
      cleanups.put(key, action);
    }
  }

  /** @param instanceId an instance the check deleted itself */
  public void forgetInstance(String instanceId) {
    synchronized (cleanups) {
      cleanups.remove("i:" + instanceId);
    }
  }

  /**
   * @param instanceId instance
   * @param bindingId a binding the check deleted itself
   */
  public void forgetBinding(String instanceId, String bindingId) {
    synchronized (cleanups) {
      cleanups.remove("b:" + instanceId + "/" + bindingId);
    }
  }

  /** Runs every cleanup, newest first, ignoring failures. */
  public void cleanup() {
    List<Runnable> todo;
    synchronized (cleanups) {
      todo = new ArrayList<>(cleanups.values());
      cleanups.clear();
    }
    for (int i = todo.size() - 1; i >= 0; i--) {
      try {
        todo.get(i).run();
      } catch (RuntimeException e) {
        // best effort: a broken broker must not stop the run
      }
    }
  }

  /**
   * Deletes an instance, waiting for an async delete, ignoring errors. A 422 (e.g.
   * {@code ConcurrencyError}: a provision or update the check did not wait for still runs) is
   * retried once that operation has ended, so that no instance is left behind.
   *
   * @param id instance
   * @param p plan
   */
  public void deprovisionQuietly(String id, PlanRef p) {
    OsbResponse<?> r = client().deprovision(id, p.serviceId(), p.planId(), true);
    if (r.status() == 422) {
      try {
        awaitInstance(id, p, null, false);
      } catch (CheckFailure e) {
        // the running operation failed or could not be polled: try the delete anyway
      }
      r = whileBusy(() -> client().deprovision(id, p.serviceId(), p.planId(), true));
    }
    if (r.status() == 202) {
      awaitInstance(id, p, r.operation().orElse(null), true);
    }
  }

  /**
   * Deletes a binding, waiting for an async unbind, ignoring errors. A 422 (e.g.
   * {@code ConcurrencyError}: a bind the check did not wait for still runs) is retried once that
   * operation has ended, so that the instance's delete after it finds no binding at work.
   *
   * @param iid instance
   * @param bid binding
   * @param p plan
   */
  public void unbindQuietly(String iid, String bid, PlanRef p) {
    OsbResponse<?> r = client().unbind(iid, bid, p.serviceId(), p.planId(), true);
    if (r.status() == 422) {
      try {
        awaitBinding(iid, bid, p, null, false);
      } catch (CheckFailure e) {
        // the running operation failed or could not be polled: try the unbind anyway
      }
      r = whileBusy(() -> client().unbind(iid, bid, p.serviceId(), p.planId(), true));
    }
    if (r.status() == 202) {
      awaitBinding(iid, bid, p, r.operation().orElse(null), true);
    }
  }

  /**
   * Sends a delete again while the broker answers 422 {@code ConcurrencyError} (another
   * operation still runs that no last operation shows: a synchronous bind whose answer the check
   * never got, as its request timed out or the run was interrupted), waiting the poll interval
   * between tries, for at most the async timeout.
   *
   * @param delete sends the delete
   * @return the last answer
   */
  private OsbResponse<?> whileBusy(Supplier<OsbResponse<?>> delete) {
    long deadline = System.nanoTime() + settings.asyncTimeout().toNanos();
    OsbResponse<?> r = delete.get();
    while (r.status() == 422 && r.errorCode().filter("ConcurrencyError"::equals).isPresent()
        && System.nanoTime() < deadline) {
      try {
        Thread.sleep(Math.max(1, settings.maxPollInterval().toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return r;
      }
      r = delete.get();
    }
    return r;
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
