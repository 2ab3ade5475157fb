package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.client.BindResponse;
import io.github.osbsdk.broker.testkit.client.CreateObserver;
import io.github.osbsdk.broker.testkit.client.ProvisionResponse;
import io.github.osbsdk.broker.testkit.client.OsbClient;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.internal.client.BodyMask;
import io.github.osbsdk.broker.testkit.internal.client.LenientMapper;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** What a running check works with: the client, flows that wait and clean up, assertions. */
public final class CheckContext {
  /** The IBM Cloud account id the suite claims to provision for. */
  static final String ACCOUNT = "0sbc0nf0rmance0000000000000000aa";

  /** The least time a create whose answer never came gets to show up before 410 is believed. */
  private static final Duration MIN_GRACE = Duration.ofSeconds(5);

  private final SuiteSettings settings;
  private final OsbClient client;
  private final Map<String, Runnable> cleanups = new LinkedHashMap<>();
  /** The provisions and binds sent, by cleanup key; guarded by {@link #cleanups}. */
  private final Map<String, Creation> creations = new HashMap<>();
  /** The plans bodies were made for, by service and plan id. */
  private final Map<List<String>, PlanRef> plans = new ConcurrentHashMap<>();

  /** @param settings the run's settings */
  public CheckContext(SuiteSettings settings) {
    this.settings = settings;
    this.client = settings.client().observingCreates(new Creations(null));
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
    return client.observingCreates(new Creations(
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
    return other.observingCreates(new Creations(null));
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
      creations.remove("i:" + instanceId);
    }
  }

  /**
   * @param instanceId instance
   * @param bindingId a binding the check deleted itself
   */
  public void forgetBinding(String instanceId, String bindingId) {
    synchronized (cleanups) {
      cleanups.remove("b:" + instanceId + "/" + bindingId);
      creations.remove("b:" + instanceId + "/" + bindingId);
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
    long settled = settledAt("i:" + id);
    Supplier<OsbResponse<?>> delete = () -> client().deprovision(id, p.serviceId(), p.planId(),
        true);
    OsbResponse<?> r = retried(delete, settled, false);
    if (r.status() == 422) {
      try {
        awaitInstance(id, p, null, false);
      } catch (CheckFailure e) {
        // the running operation failed or could not be polled: try the delete anyway
      }
      r = retried(delete, settled, true);
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
    long settled = settledAt("b:" + iid + "/" + bid);
    Supplier<OsbResponse<?>> unbind = () -> client().unbind(iid, bid, p.serviceId(), p.planId(),
        true);
    OsbResponse<?> r = retried(unbind, settled, false);
    if (r.status() == 422) {
      try {
        awaitBinding(iid, bid, p, null, false);
      } catch (CheckFailure e) {
        // the running operation failed or could not be polled: try the unbind anyway
      }
      r = retried(unbind, settled, true);
    }
    if (r.status() == 202) {
      awaitBinding(iid, bid, p, r.operation().orElse(null), true);
    }
  }

  /**
   * Sends a delete, and again while the broker answers 410 before {@code settled} (a create
   * whose answer never came may still make the instance or binding appear) or, when
   * {@code whileBusy}, 422 {@code ConcurrencyError} (another operation still runs that no last
   * operation shows: a synchronous provision or bind whose answer the check never got, as its
   * request timed out or the run was interrupted), waiting the poll interval between tries, for
   * at most the async timeout.
   *
   * @param delete sends the delete
   * @param settled from when on (System.nanoTime) a 410 means gone for good
   * @param whileBusy whether 422 ConcurrencyError is tried again
   * @return the last answer
   */
  private OsbResponse<?> retried(Supplier<OsbResponse<?>> delete, long settled,
      boolean whileBusy) {
    long deadline = System.nanoTime() + settings.asyncTimeout().toNanos();
    OsbResponse<?> r = delete.get();
    while ((r.status() == 410 && System.nanoTime() - settled < 0
        || whileBusy && r.status() == 422
            && r.errorCode().filter("ConcurrencyError"::equals).isPresent())
        && System.nanoTime() - deadline < 0) {
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

  /**
   * From when on a 410 for the key's delete means gone for good: at once unless a provision or
   * bind of the id got no answer (or is still out); then once that create has been over for as
   * long as it was out, and at least {@link #MIN_GRACE} (the broker may still be creating).
   */
  private long settledAt(String key) {
    long now = System.nanoTime();
    synchronized (cleanups) {
      Creation c = creations.get(key);
      if (c == null || c.inFlight == 0 && !c.unanswered) {
        return now;
      }
      if (c.inFlight > 0) {
        return now + settings.asyncTimeout().toNanos();
      }
      long grace = Math.min(settings.asyncTimeout().toNanos(),
          Math.max(c.unansweredFor, MIN_GRACE.toNanos()));
      return c.lastEnded + grace;
    }
  }

  /**
   * Notes a plan a body was made for, so that the client's provisions and binds for it register
   * their cleanup before they are sent.
   *
   * @param p the plan
   */
  void bodyFor(PlanRef p) {
    plans.putIfAbsent(List.of(p.serviceId(), p.planId()), p);
  }

  /** The provisions or binds of one id: how many are out, when the last ended, how. */
  private static final class Creation {
    int inFlight;
    long lastSent;
    long lastEnded;
    boolean unanswered;
    long unansweredFor;
    /** An answer came that may leave the id on the broker (success, 408, 5xx). */
    boolean mayExist;
    boolean registered;
  }

  /** Registers the cleanup of an id before its provision or bind is sent. */
  private final class Creations implements CreateObserver {
    /** The plan to delete with when the body names none the context knows, may be null. */
    private final PlanRef cleanupPlan;

    Creations(PlanRef cleanupPlan) {
      this.cleanupPlan = cleanupPlan;
    }

    @Override
    public void creating(String instanceId, String bindingId, Object body) {
      PlanRef p = planOf(body);
      if (p == null) {
        return; // a body for no plan the check knows: the check registers what it needs
      }
      String key = key(instanceId, bindingId);
      synchronized (cleanups) {
        Creation c = creations.computeIfAbsent(key, k -> new Creation());
        c.lastSent = System.nanoTime();
        if (c.inFlight++ == 0 && !cleanups.containsKey(key)) {
          cleanups.put(key, bindingId == null ? () -> deprovisionQuietly(instanceId, p)
              : () -> unbindQuietly(instanceId, bindingId, p));
          c.registered = true;
        }
      }
    }

    @Override
    public void ended(String instanceId, String bindingId, OsbResponse<?> answer) {
      String key = key(instanceId, bindingId);
      long now = System.nanoTime();
      synchronized (cleanups) {
        Creation c = creations.get(key);
        if (c == null || c.inFlight == 0) {
          return;
        }
        c.inFlight--;
        c.lastEnded = now;
        if (answer == null) {
          c.unanswered = true;
          c.unansweredFor = Math.max(c.unansweredFor, now - c.lastSent);
        } else if (mayHaveCreated(answer.status())) {
          c.mayExist = true;
        }
        if (c.inFlight == 0 && c.registered && !c.unanswered && !c.mayExist) {
          // the broker refused the create: nothing to delete
          cleanups.remove(key);
          creations.remove(key);
        }
      }
    }

    /** The known plan the body's ids name, else the cleanup plan. */
    private PlanRef planOf(Object body) {
      String serviceId = null;
      String planId = null;
      if (body instanceof Map<?, ?> m) {
        serviceId = m.get("service_id") instanceof String s ? s : null;
        planId = m.get("plan_id") instanceof String s ? s : null;
      } else if (body instanceof String text) {
        JsonNode tree = parsed(text);
        serviceId = tree.path("service_id").isTextual() ? tree.get("service_id").textValue()
            : null;
        planId = tree.path("plan_id").isTextual() ? tree.get("plan_id").textValue() : null;
      }
      PlanRef named = serviceId == null || planId == null ? null
          : plans.get(List.of(serviceId, planId));
      return named != null ? named : cleanupPlan;
    }

    private static JsonNode parsed(String text) {
      try {
        JsonNode tree = LenientMapper.MAPPER.readTree(text);
        return tree == null ? MissingNode.getInstance() : tree;
      } catch (JsonProcessingException | RuntimeException e) {
        return MissingNode.getInstance(); // no JSON (or no number Jackson reads): no ids
      }
    }

    /**
     * Whether an answer leaves the id to delete: a success, and the answers after which the spec
     * asks the platform to delete what the request may have created (orphan mitigation): any
     * other 2xx, 408 and every 5xx. Any other 4xx refused the create.
     */
    private static boolean mayHaveCreated(int status) {
      return status / 100 == 2 || status == 408 || status / 100 == 5;
    }

    private String key(String instanceId, String bindingId) {
      return bindingId == null ? "i:" + instanceId : "b:" + instanceId + "/" + bindingId;
    }
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
