package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the row of a failed create keeps, and what a retry over it keeps when it succeeds.
 *
 * <p>A retry of a failed provision claims the {@code PROVISION_FAILED} instance
 * ({@code Claim.Won.replaced}); the claim's row keeps the replaced row's dashboard URL, metadata
 * and creation time ({@code StoredInstance#replacing}, written by the store in the claim itself),
 * so that a failed row put back from it, by whichever replica and however the retry ended, keeps
 * what a provider call of the first attempt returned (a success the store could not record keeps
 * them): the platform's orphan-mitigation deprovision must see the instance as the first attempt
 * left it. A value the retry's own provider call returned (an asynchronous 202 may carry a
 * dashboard URL and metadata) is newer and wins over the replaced row's, also for a first
 * asynchronous provision that fails: the platform was sent that dashboard URL with the 202. A
 * synchronous retry's own failure applies the replaced row at once; an asynchronous one records
 * it in its accepted operation's payload, so that whichever replica ends the operation applies
 * it also on a store that does not keep it in the claim.
 *
 * <p>The creation time is always the first attempt's, also after a retry that succeeds: the
 * instance (binding) has existed under its id since then, with an identical request. What a
 * successful retry shows besides is its own answer's, never the first attempt's. A failed
 * binding keeps no credentials nor other bind results (they are never written for a failed
 * create), so a retry of a failed bind keeps only its creation time.
 */
final class FailedCreateRecords {
  /** The payload key of what an accepted retry replaced. */
  static final String FAILED_BEFORE = "failed_before";
  private static final String DASHBOARD = "dashboard_url";
  private static final String METADATA = "metadata";
  private static final String CREATED_AT = "created_at";

  private FailedCreateRecords() {}

  /**
   * What an accepted retry records of the failed instance it replaced, under
   * {@link #FAILED_BEFORE}.
   *
   * @param replaced the replaced failed instance
   * @return the payload entry's value
   */
  static Map<String, Object> payload(StoredInstance replaced) {
    Map<String, Object> p = new LinkedHashMap<>();
    if (replaced.dashboardUrl() != null) {
      p.put(DASHBOARD, replaced.dashboardUrl());
    }
    if (replaced.metadata() != null) {
      p.put(METADATA, replaced.metadata()); // the stored JSON text, kept verbatim
    }
    if (replaced.createdAt() != null) {
      p.put(CREATED_AT, replaced.createdAt().toString());
    }
    return p;
  }

  /**
   * The failed row of a synchronous retry: the retry's provider call returned nothing the SDK
   * kept, so the replaced row's values.
   *
   * @param failed the retry's row, failed
   * @param replaced the failed instance the retry's claim replaced, or null
   * @return the row to write
   */
  static StoredInstance keep(StoredInstance failed, StoredInstance replaced) {
    if (replaced == null) {
      return failed;
    }
    return with(failed, replaced.dashboardUrl(), replaced.metadata(),
        replaced.createdAt() == null ? failed.createdAt() : replaced.createdAt());
  }

  /**
   * The failed row of a synchronous provision whose success the store was down for (written as
   * its failure, see {@code OperationEffects#failedInstead}): the provider's answer, and the
   * replaced row's dashboard URL and metadata where the answer has none. The answer's creation
   * time is the replaced row's already.
   *
   * @param failed the success's row, failed
   * @param replaced the failed instance the provision's claim replaced, or null
   * @return the row to write
   */
  static StoredInstance keepUnrecorded(StoredInstance failed, StoredInstance replaced) {
    if (replaced == null) {
      return failed;
    }
    return with(failed,
        failed.dashboardUrl() != null ? failed.dashboardUrl() : replaced.dashboardUrl(),
        failed.metadata() != null ? failed.metadata() : replaced.metadata(), failed.createdAt());
  }

  /**
   * The failed row of a provision, from what its operation recorded: the 202's values where it
   * sent them (a first asynchronous provision too), those of the failed row an asynchronous
   * retry replaced otherwise ({@link #FAILED_BEFORE}), else the row's own (the claim's row of a
   * retry keeps the replaced row's, see {@code BrokerStore#claimInstance}).
   *
   * @param failed the retry's row, failed
   * @param payload the operation's payload, read
   * @param mapper the shared mapper
   * @return the row to write
   */
  static StoredInstance keep(StoredInstance failed, Map<String, Object> payload,
      ObjectMapper mapper) {
    Map<?, ?> before = payload.get(FAILED_BEFORE) instanceof Map<?, ?> b ? b : Map.of();
    String dashboard = payload.get(InstanceRecords.DASHBOARD) instanceof String d ? d
        : before.get(DASHBOARD) instanceof String d ? d : failed.dashboardUrl();
    String metadata = payload.get(InstanceRecords.METADATA) != null
        ? InstanceRecords.write(payload.get(InstanceRecords.METADATA), mapper)
        : before.get(METADATA) instanceof String m ? m : failed.metadata();
    return with(failed, dashboard, metadata, createdAt(before, failed.createdAt()));
  }

  /**
   * The row of an asynchronous provision that succeeded, before its 202's values are applied:
   * a retry over a failed instance keeps the first attempt's creation time, but none of its
   * dashboard URL and metadata (the claim's row may hold them), as the retry's answer is the
   * provider's word on the instance now.
   *
   * @param current the row as it is now
   * @param payload the operation's payload, read
   * @return the row to apply the payload to
   */
  static StoredInstance succeeded(StoredInstance current, Map<String, Object> payload) {
    if (!(payload.get(FAILED_BEFORE) instanceof Map<?, ?> before)) {
      return current;
    }
    return with(current, null, null, createdAt(before, current.createdAt()));
  }

  private static Instant createdAt(Map<?, ?> before, Instant otherwise) {
    if (before.get(CREATED_AT) instanceof String at) {
      try {
        return Instant.parse(at);
      } catch (DateTimeParseException e) {
        return otherwise; // the row's own: a later one is better than none
      }
    }
    return otherwise;
  }

  /**
   * What an accepted retry of a bind records of the failed binding it replaced, under
   * {@link #FAILED_BEFORE}.
   *
   * @param replaced the replaced failed binding
   * @return the payload entry's value
   */
  static Map<String, Object> payload(StoredBinding replaced) {
    return Map.of(CREATED_AT, replaced.createdAt().toString());
  }

  /**
   * The failed binding of a synchronous retry: the replaced binding's creation time.
   *
   * @param failed the retry's binding, failed
   * @param replaced the failed binding the retry's claim replaced, or null
   * @return the row to write
   */
  static StoredBinding keep(StoredBinding failed, StoredBinding replaced) {
    return replaced == null ? failed : with(failed, replaced.createdAt());
  }

  /**
   * The binding of an asynchronous retry as it ends, failed or ready: the creation time its
   * accepted operation recorded of the binding it replaced, if any (so a store whose claim did
   * not keep it, see {@code BrokerStore#claimBinding}, loses it on no asynchronous ending).
   *
   * @param failed the retry's binding, failed or ready
   * @param payload the operation's payload, read
   * @return the row to write
   */
  static StoredBinding keep(StoredBinding failed, Map<String, Object> payload) {
    return payload.get(FAILED_BEFORE) instanceof Map<?, ?> before
        ? with(failed, createdAt(before, failed.createdAt())) : failed;
  }

  private static StoredBinding with(StoredBinding b, Instant createdAt) {
    return new StoredBinding(b.instanceId(), b.bindingId(), b.serviceId(), b.planId(),
        b.fingerprint(), b.parameters(), b.context(), b.bindResource(), b.appGuid(),
        b.details(), b.credentials(), b.status(), createdAt);
  }

  private static StoredInstance with(StoredInstance i, String dashboardUrl, String metadata,
      Instant createdAt) {
    return new StoredInstance(i.id(), i.serviceId(), i.planId(), i.fingerprint(),
        i.parameters(), i.context(), i.organizationGuid(), i.spaceGuid(),
        i.maintenanceInfoVersion(), dashboardUrl, metadata, i.status(), i.enabled(),
        i.enabledChangedAt(), createdAt, i.updatedAt());
  }
}
