package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.github.osbsdk.broker.testkit.client.CreateObserver;
import io.github.osbsdk.broker.testkit.client.Deprovision;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.client.Unbind;
import io.github.osbsdk.broker.testkit.internal.client.LenientMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the kit must delete after a check: the cleanups the check registered, and the instances
 * and bindings its clients' provisions and binds may have created (registered before each is
 * sent, dropped again when the broker refuses it with a 4xx other than 408). Deletes through the
 * check's {@link CheckContext#client()}, waiting for asynchronous deletes.
 */
final class CleanupRegistry {
  /** The least time a create whose answer never came gets to show up before 410 is believed. */
  private static final Duration MIN_GRACE = Duration.ofSeconds(5);

  private final CheckContext ctx;
  private final SuiteSettings settings;
  private final Map<String, Runnable> cleanups = new LinkedHashMap<>();
  /** The provisions and binds sent, by cleanup key; guarded by {@link #cleanups}. */
  private final Map<String, Creation> creations = new HashMap<>();
  /** The plans bodies were made for, by service and plan id. */
  private final Map<List<String>, PlanRef> plans = new ConcurrentHashMap<>();

  /** @param ctx the check whose client deletes and polls */
  CleanupRegistry(CheckContext ctx) {
    this.ctx = ctx;
    this.settings = ctx.settings();
  }

  /**
   * An observer that registers the cleanup of each provision and bind before it is sent.
   *
   * @param cleanupPlan the plan to delete with when the body names none a body was made for, or
   *     null to register nothing for such a body
   * @return the observer
   */
  CreateObserver observer(PlanRef cleanupPlan) {
    return new Creations(cleanupPlan);
  }

  /**
   * @param key a unique key
   * @param action run at the end of the check, newest first
   */
  void onCleanup(String key, Runnable action) {
    synchronized (cleanups) {
      cleanups.remove(key);
      cleanups.put(key, action);
    }
  }

  /** @param instanceId an instance the check deleted itself */
  void forgetInstance(String instanceId) {
    synchronized (cleanups) {
      cleanups.remove("i:" + instanceId);
      creations.remove("i:" + instanceId);
    }
  }

  /**
   * @param instanceId instance
   * @param bindingId a binding the check deleted itself
   */
  void forgetBinding(String instanceId, String bindingId) {
    synchronized (cleanups) {
      cleanups.remove("b:" + instanceId + "/" + bindingId);
      creations.remove("b:" + instanceId + "/" + bindingId);
    }
  }

  /** Runs every cleanup, newest first, ignoring failures. */
  void runAll() {
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
  void deprovisionQuietly(String id, PlanRef p) {
    long settled = settledAt("i:" + id);
    Supplier<OsbResponse<?>> delete = () -> ctx.client().deprovision(Deprovision.instance(id)
        .service(p.serviceId()).plan(p.planId()).acceptsIncomplete(true));
    OsbResponse<?> r = retried(delete, settled, false);
    if (r.status() == 422) {
      try {
        ctx.awaitInstance(id, p, null, false);
      } catch (CheckFailure e) {
        // the running operation failed or could not be polled: try the delete anyway
      }
      r = retried(delete, settled, true);
    }
    if (r.status() == 202) {
      ctx.awaitInstance(id, p, r.operation().orElse(null), true);
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
  void unbindQuietly(String iid, String bid, PlanRef p) {
    long settled = settledAt("b:" + iid + "/" + bid);
    Supplier<OsbResponse<?>> unbind = () -> ctx.client().unbind(Unbind.instance(iid).binding(bid)
        .service(p.serviceId()).plan(p.planId()).acceptsIncomplete(true));
    OsbResponse<?> r = retried(unbind, settled, false);
    if (r.status() == 422) {
      try {
        ctx.awaitBinding(iid, bid, p, null, false);
      } catch (CheckFailure e) {
        // the running operation failed or could not be polled: try the unbind anyway
      }
      r = retried(unbind, settled, true);
    }
    if (r.status() == 202) {
      ctx.awaitBinding(iid, bid, p, r.operation().orElse(null), true);
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
}
