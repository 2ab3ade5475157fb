package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An update request's fingerprint ({@link Fingerprints#update}, with {@code /sync} appended for a
 * synchronous one), and which running update it is an identical repeat of: one with the same
 * fingerprint, or one an SDK version that left the context out of the fingerprint started (during
 * a rolling upgrade, or before one): its fingerprint is then {@link Fingerprints#instance} of the
 * same request, and the context is compared with the one its payload recorded. An update whose
 * provider call still runs is waited for by an identical request in either mode
 * ({@link #sameUpdateInEitherMode}, as a repeated provision waits); a running asynchronous one
 * is not the same as a synchronous request (422 {@code AsyncRequired}). The
 * other way round, an older replica takes a retry of an update this version started for a
 * different one: 422 {@code ConcurrencyError} once, never the update applied twice.
 *
 * <p>One request's: made and asked on the request's thread (a synchronous update's wait asks on
 * it too), never shared, so not thread-safe.
 */
final class UpdateFingerprint {
  private static final Logger LOG = LoggerFactory.getLogger(UpdateFingerprint.class);
  private static final String SYNC = "/sync";
  private final BrokerServices services;
  private final String requestId;
  private final String serviceId;
  private final String planId;
  private final String parameters;
  private final String maintenanceVersion;
  private final String context;
  private final String suffix;
  private final String value;
  /**
   * {@link #value} in the form older versions made, without the context: made at the first
   * question about an operation whose fingerprint is not {@link #value} (a synchronous update asks
   * again after every pause of its wait), else never. Null until then. One request's, asked on its
   * thread only, so it needs no lock.
   */
  private String withoutContext;
  /** {@link #synchronous()}, null until its first call; one request's, as above. */
  private UpdateFingerprint synchronous;
  /** {@link #acceptingIncomplete()}, null until its first call; one request's, as above. */
  private UpdateFingerprint acceptingIncomplete;

  private UpdateFingerprint(BrokerServices services, String requestId, String serviceId,
      String planId, String parameters, String maintenanceVersion, String context,
      boolean async) {
    this.services = services;
    this.requestId = requestId;
    this.serviceId = serviceId;
    this.planId = planId;
    this.parameters = parameters;
    this.maintenanceVersion = maintenanceVersion;
    this.context = context;
    this.suffix = async ? "" : SYNC;
    this.value = services.fingerprints().update(serviceId, planId, parameters,
        maintenanceVersion, context) + suffix;
  }

  /**
   * The fingerprint of an update request.
   *
   * @param services the services
   * @param requestId the request's id, for the log
   * @param serviceId the service
   * @param planId the plan the instance ends on
   * @param parameters the request's {@code parameters}, or null
   * @param maintenanceVersion the request's {@code maintenance_info.version}, or null
   * @param context the request's {@code context}, or null
   * @param async whether the request accepts an asynchronous answer
   * @return the fingerprint
   */
  static UpdateFingerprint of(BrokerServices services, String requestId, String serviceId,
      String planId, ObjectNode parameters, String maintenanceVersion, ObjectNode context,
      boolean async) {
    Fingerprints fp = services.fingerprints();
    return new UpdateFingerprint(services, requestId, serviceId, planId,
        fp.canonicalParameters(parameters), maintenanceVersion, fp.canonicalJson(context), async);
  }

  /**
   * This request's fingerprint as it would be with {@code accepts_incomplete=true}: a synchronous
   * request whose identical asynchronous update runs is refused with 422 {@code AsyncRequired},
   * as a repeat of a provision, bind or delete without it is.
   *
   * @return the fingerprint (this one when the request accepts an asynchronous answer)
   */
  UpdateFingerprint acceptingIncomplete() {
    if (acceptingIncomplete == null) {
      acceptingIncomplete = suffix.isEmpty() ? this : new UpdateFingerprint(services, requestId,
          serviceId, planId, parameters, maintenanceVersion, context, true);
    }
    return acceptingIncomplete;
  }

  /**
   * Whether {@code running}, an update whose provider call still runs (not answered
   * asynchronously), was started by an identical request in either mode: one this request waits
   * for, as a repeated provision waits whatever {@code accepts_incomplete} either sent
   * ({@link Repeats#sameChangeAgain}). Once it is answered the repeat gets what it left: 200 from
   * the registry after a success, 202 with its operation (or 422 {@code AsyncRequired} for a
   * synchronous repeat) when it went asynchronous.
   *
   * @param running an operation in progress on the instance
   * @return whether it is the same update, in one mode or the other
   */
  boolean sameUpdateInEitherMode(StoredOperation running) {
    return synchronous().sameUpdate(running) || acceptingIncomplete().sameUpdate(running);
  }

  /**
   * This request's fingerprint as it would be without {@code accepts_incomplete=true}: a request
   * accepting an asynchronous answer whose identical synchronous update runs waits for it, as a
   * repeated provision does ({@link Repeats#sameChangeAgain}). Made at the first call.
   *
   * @return the fingerprint (this one when the request is synchronous)
   */
  UpdateFingerprint synchronous() {
    if (synchronous == null) {
      synchronous = !suffix.isEmpty() ? this : new UpdateFingerprint(services, requestId,
          serviceId, planId, parameters, maintenanceVersion, context, false);
    }
    return synchronous;
  }

  /**
   * The fingerprint the update's operation records.
   *
   * @return the fingerprint
   */
  String value() {
    return value;
  }

  /**
   * Whether {@code running} is an update started by an identical request (this one's repeat, or
   * the request this one repeats), whichever SDK version started it. An older version's
   * operation whose payload cannot be read is not (the request is refused as a different update
   * is while one runs, 422 {@code ConcurrencyError}); that is logged at ERROR, at most once a
   * minute per exception class ({@link RequestErrorLog}), the others at DEBUG.
   *
   * @param running an operation in progress on the instance
   * @return whether it is the same update
   */
  boolean sameUpdate(StoredOperation running) {
    if (running.type() != OperationType.UPDATE || running.fingerprint() == null) {
      return false;
    }
    if (running.fingerprint().equals(value)) {
      return true;
    }
    if (!running.fingerprint().equals(withoutContext())) {
      return false;
    }
    // started by a version whose fingerprint leaves the context out: its payload records it
    String recorded;
    try {
      recorded = recordedContext(running);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // unreadable (damaged, or JSON other than the object it wrote): whether this request
      // repeats it cannot be told, so it is refused as a different update is (422), never 500
      services.logLimits().errors().error(LOG, RequestErrorLog.kind(
          "update unreadable payload of a running update", e), null, "Request {}: running update"
          + " operation {} (an older SDK version's) has an unreadable payload ({}); the request"
          + " is answered as a different update is while one runs{}", requestId, running.id(),
          e.getMessage());
      return false;
    }
    return Objects.equals(context, recorded);
  }

  /**
   * The canonical JSON of the context an older version's update operation recorded in its
   * payload, or null when it recorded none.
   *
   * @throws IllegalStateException when the payload is not a readable JSON object
   * @throws IllegalArgumentException when its context cannot be converted to a tree
   */
  private String recordedContext(StoredOperation running) {
    Object recorded = services.runner().map(running.payload()).get(InstanceRecords.CONTEXT);
    return recorded == null ? null
        : services.fingerprints().canonicalJson(services.mapper().valueToTree(recorded));
  }

  /** {@link #withoutContext}, made at the first call. */
  private String withoutContext() {
    if (withoutContext == null) {
      withoutContext = services.fingerprints().instance(serviceId, planId, parameters, null, null,
          maintenanceVersion) + suffix;
    }
    return withoutContext;
  }
}
