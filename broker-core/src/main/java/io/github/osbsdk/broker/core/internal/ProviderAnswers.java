package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.Endpoint;
import io.github.osbsdk.broker.api.binding.VolumeMount;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks of what a {@code ServiceBroker} implementation answered. A wrong answer is a provider
 * bug: it is logged and the platform gets the generic 500 (but an asynchronous answer the SDK can
 * still turn into the right one, see {@link #requireAsyncAccepted}). Its ERROR line is limited
 * per operation and kind of bug ({@link RequestErrorLog}): a provider that answers wrongly on
 * every request logs one ERROR a minute, and the 500 is not logged again. Among them: the ids
 * {@code fetchInstance} answers must be the recorded ones (the platform asked for this instance,
 * of this service and plan). A binding's {@code expires_at} and {@code renew_before} need no
 * check: {@code BindingMetadata} holds them as {@code Instant}s.
 */
final class ProviderAnswers {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderAnswers.class);

  private final RequestErrorLog errors;
  private final AnswerJson json;

  /**
   * Creates the checks.
   *
   * @param errors limits the ERROR lines of provider bugs
   * @param maxAnswerBytes the most bytes of JSON an answer may add ({@link AnswerJson})
   */
  ProviderAnswers(RequestErrorLog errors, long maxAnswerBytes) {
    this.errors = errors;
    this.json = new AnswerJson(errors, maxAnswerBytes);
  }

  /** @return the log of failures its checks write to */
  RequestErrorLog errors() {
    return errors;
  }

  /**
   * Whether a create's failure says that the provider created nothing: a
   * {@link ServiceBrokerException} with a 4xx status is a refusal (OSB: any 4xx leaves the
   * broker's resources unchanged, and the platform starts no orphan mitigation for it). After
   * anything else (a 5xx, another exception, an answer the SDK refuses) it is unknown whether the
   * provider's write happened, and the claim stays as a failed create.
   *
   * @param failure what the provider's call (or the check of its answer) threw
   * @return true for a refusal
   */
  static boolean refusal(Throwable failure) {
    return failure instanceof ServiceBrokerException e && e.status() >= 400 && e.status() < 500;
  }

  /**
   * Logs a provider bug (limited per kind) and returns the generic 500 to throw, which is not
   * logged again.
   *
   * @param kind the operation and what the provider did wrong, without values
   * @param what the line's text
   * @param context the request context
   * @return the 500
   */
  private ServiceBrokerException providerBug(String kind, String what, RequestContext context) {
    errors.error(LOG, kind, null, "Request {}: ServiceBroker implementation error: {}{}",
        context.requestId(), what);
    return RequestErrorLog.loggedInternalError(context.requestId());
  }

  /**
   * @param answer what the provider's method returned
   * @param method the {@code ServiceBroker} method, for the log
   * @param context the request context
   * @return the answer
   * @throws ServiceBrokerException 500 (logged as a provider bug) when it is null
   */
  <T> T requireAnswer(T answer, String method, RequestContext context) {
    if (answer == null) {
      throw providerBug(method + " returned null", method + " returned null", context);
    }
    return answer;
  }

  /**
   * An asynchronous answer to a request that did not accept one: for a task or a resumable step,
   * which the SDK has not started, the platform gets the 422 {@code AsyncRequired} the provider
   * should have thrown (and retries with {@code accepts_incomplete=true}); for provider-tracked
   * work, which the provider already started, it is a provider bug (500).
   *
   * @param acceptsIncomplete the request's {@code accepts_incomplete}
   * @param work the answer's work
   * @param method the {@code ServiceBroker} method, for the log
   * @param context the request context
   * @throws ServiceBrokerException 422 or 500 as above
   */
  void requireAsyncAccepted(boolean acceptsIncomplete, AsyncWork work, String method,
      RequestContext context) {
    if (acceptsIncomplete) {
      return;
    }
    if (work instanceof AsyncWork.ProviderTracked) {
      throw providerBug(method + " provider-tracked without accepts_incomplete", method
          + " started provider-tracked work although accepts_incomplete"
          + " was not true (throw ServiceBrokerException.asyncRequired() instead)", context);
    }
    LOG.warn("Request {}: {} answered asynchronously although accepts_incomplete was not true;"
        + " answered 422 AsyncRequired without starting the work", context.requestId(), method);
    throw ServiceBrokerException.asyncRequired();
  }

  /**
   * An asynchronous bind of a service that does not declare {@code bindings_retrievable}: a 202
   * carries no credentials and the platform gets them by fetching the binding, which such a
   * service does not offer (spec: Binding, "the information MUST be returned at least once";
   * Fetching a Service Binding), so the binding could never be used (Cloud Foundry fails it
   * itself). A task or a resumable step, which the SDK has not started, is refused with 422,
   * naming the flag, before anything is recorded or started. Provider-tracked work, which the
   * provider started already, may be creating the binding: a 4xx would have the claim deleted
   * and the platform would never unbind it, so it is a provider bug answered with the generic
   * 500, after which the binding is kept as failed and the platform's orphan-mitigation unbind
   * reaches the provider. Both are logged as a provider bug, once per kind.
   *
   * @param service the bound service
   * @param work the answer's work
   * @param context the request context
   * @throws ServiceBrokerException 422 (task or step) or 500 (provider-tracked work) when the
   *     service does not declare bindings_retrievable
   */
  void requireRetrievableForAsyncBind(ServiceOffering service, AsyncWork work,
      RequestContext context) {
    if (Boolean.TRUE.equals(service.bindingsRetrievable())) {
      return;
    }
    boolean tracked = work instanceof AsyncWork.ProviderTracked;
    errors.error(LOG, "bind async without bindings_retrievable", null, "Request {}: ServiceBroker"
        + " implementation error: bind answered asynchronously for service {}, whose catalog"
        + " entry does not declare bindings_retrievable (the platform could never fetch the"
        + " binding); answered {}{}{}", context.requestId(),
        LogText.quote(service.name()), tracked ? "500" : "422", tracked
            ? "; the provider-tracked work it started is not tracked by the SDK, and the binding"
            + " is kept as failed so that the platform's unbind reaches the provider"
            : " without starting the work");
    if (tracked) {
      throw RequestErrorLog.loggedInternalError(context.requestId());
    }
    throw ServiceBrokerException.unprocessable("This service cannot create bindings"
        + " asynchronously: its catalog entry does not declare bindings_retrievable, so the"
        + " binding could never be fetched.");
  }

  /**
   * Writes (part of) what the provider answered as JSON before anything of it is recorded
   * ({@link AnswerJson#require}).
   *
   * @param value the answer or its part, may be null
   * @param mapper the shared mapper
   * @param method the {@code ServiceBroker} method, for the log
   * @param context the request context
   * @return the JSON bytes ({@code null} for a null value)
   * @throws ServiceBrokerException 500 (logged as a provider bug) when it cannot be written, or
   *     takes more than {@code maxAnswerBytes}
   */
  byte[] requireJson(Object value, ObjectMapper mapper, String method,
      RequestContext context) {
    return json.require(value, mapper, method, context);
  }

  /** @return the writer of answers, bounded by {@code maxAnswerBytes} */
  AnswerJson json() {
    return json;
  }

  /** The longest dashboard URL passed on. */
  static final int MAX_DASHBOARD_URL = 4096;

  /**
   * Refuses a dashboard URL the platform could not open or should not show as a link: one that
   * is not an absolute {@code http} or {@code https} URL with a host (a relative one, a
   * {@code javascript:} one), one with white space or control characters, or one longer than
   * {@value #MAX_DASHBOARD_URL} characters.
   *
   * @param url the answer's dashboard URL, may be null
   * @param method the {@code ServiceBroker} method, for the log
   * @param context the request context
   * @throws ServiceBrokerException 500 (logged as a provider bug) for such a URL
   */
  void requireDashboardUrl(String url, String method, RequestContext context) {
    if (url == null) {
      return;
    }
    if (url.length() > MAX_DASHBOARD_URL || HttpUrls.hasSpaceOrControl(url)
        || !HttpUrls.absoluteWithHost(url)) {
      throw providerBug(method + " bad dashboard_url", method
          + " answered a dashboard_url that is not an absolute http(s) URL"
          + " with a host, without white space, of at most " + MAX_DASHBOARD_URL
          + " characters", context);
    }
  }

  /**
   * Refuses binding details the spec does not let the broker send: {@code syslog_drain_url},
   * {@code route_service_url} or {@code volume_mounts} without the matching {@code requires}
   * permission in the service's catalog entry, a {@code syslog_drain_url} that is not an
   * absolute URL with a host, a {@code route_service_url} that is not an absolute {@code https}
   * URL with a host, an endpoint without host or ports, with a port
   * that is neither a port (1 to 65535) nor an ascending range of them, or with an unknown
   * protocol, a volume mount that is not the spec's Volume Mount object (a required field
   * missing or blank, a mode other than {@code r} or {@code rw}, a device type other than
   * {@code shared}, a {@code mount_config} that is not an object).
   *
   * @param service the binding's service offering, null when no longer in the catalog
   * @param syslogDrainUrl the answer's syslog drain URL, may be null
   * @param routeServiceUrl the answer's route service URL, may be null
   * @param volumeMounts the answer's volume mounts, may be null or empty
   * @param endpoints the answer's endpoints, may be null or empty
   * @param method the {@code ServiceBroker} method, for the log
   * @param context the request context
   * @throws ServiceBrokerException 500 (logged as a provider bug) for a detail the spec forbids
   */
  void requireAllowedBindingDetails(ServiceOffering service, String syslogDrainUrl,
      String routeServiceUrl, List<VolumeMount> volumeMounts, List<Endpoint> endpoints,
      String method, RequestContext context) {
    requireDeclared(service, syslogDrainUrl, routeServiceUrl, volumeMounts, method, context);
    requireUrls(syslogDrainUrl, routeServiceUrl, method, context);
    requireWellFormed(volumeMounts, endpoints, method, context);
  }

  /**
   * The URLs' shapes ({@link #requireAllowedBindingDetails}): a syslog drain URL the platform
   * can stream to, a route service URL Cloud Foundry takes (https only).
   */
  private void requireUrls(String syslogDrainUrl, String routeServiceUrl, String method,
      RequestContext context) {
    if (syslogDrainUrl != null && !BindingDetailShapes.isSyslogDrainUrl(syslogDrainUrl)) {
      throw providerBug(method + " bad syslog_drain_url", method + " answered a"
          + " syslog_drain_url that is not an absolute URL with a scheme and a host, without"
          + " white space (syslog-tls://logs.example.com:6514)", context);
    }
    if (routeServiceUrl != null && !BindingDetailShapes.isRouteServiceUrl(routeServiceUrl)) {
      throw providerBug(method + " bad route_service_url", method + " answered a"
          + " route_service_url that is not an absolute https URL with a host, without white"
          + " space (Cloud Foundry refuses the binding)", context);
    }
  }

  /** The fields the service must declare ({@link #requireAllowedBindingDetails}). */
  private void requireDeclared(ServiceOffering service, String syslogDrainUrl,
      String routeServiceUrl, List<VolumeMount> volumeMounts, String method,
      RequestContext context) {
    if (service != null) { // one no longer in the catalog declares nothing to check against
      undeclared(syslogDrainUrl != null, "syslog_drain_url", "syslog_drain", service, method,
          context);
      undeclared(routeServiceUrl != null, "route_service_url", "route_forwarding", service,
          method, context);
      undeclared(volumeMounts != null && !volumeMounts.isEmpty(), "volume_mounts",
          "volume_mount", service, method, context);
    }
  }

  /**
   * As {@link #requireAllowedBindingDetails}, for a {@code fetchBinding} answer (a fetch's, or an
   * identical repeated bind's): the details the registry recorded for the binding, and handed to
   * the provider as {@code recorded}, are not checked again (nor against a catalog whose service
   * no longer declares the {@code requires} it did at the bind). They were
   * delivered to the platform already (an SDK version before a check landed may have stored one
   * today's check refuses): served as they were, never a 500 for good. What the provider's answer
   * adds is checked.
   *
   * @param service the binding's service offering, null when no longer in the catalog
   * @param answer the provider's answer
   * @param recorded what the registry recorded, as handed to the provider
   * @param context the request context
   * @throws ServiceBrokerException 500 (logged as a provider bug) for a detail the spec forbids
   */
  void requireAllowedFetchedDetails(ServiceOffering service, BindingDetails answer,
      BindingDetails recorded, RequestContext context) {
    List<VolumeMount> mounts = added(answer.volumeMounts(), recorded.volumeMounts());
    String syslog = added(answer.syslogDrainUrl(), recorded.syslogDrainUrl());
    String route = added(answer.routeServiceUrl(), recorded.routeServiceUrl());
    requireDeclared(service, syslog, route, mounts, "fetchBinding", context);
    requireUrls(syslog, route, "fetchBinding", context);
    requireWellFormed(mounts, added(answer.endpoints(), recorded.endpoints()), "fetchBinding",
        context);
  }

  /** {@code answered}, or null when it is the URL {@code recorded}. */
  private static String added(String answered, String recorded) {
    return Objects.equals(answered, recorded) ? null : answered;
  }

  /**
   * The items of {@code answered} that {@code recorded} does not hold, in the answer's order (a
   * null item included, for the checks to refuse). Looked up in a hash set of the recorded
   * items: an answer near {@code maxAnswerBytes} holds tens of thousands of endpoints, and
   * comparing each with each recorded one took a billion comparisons.
   *
   * @param answered what the provider answered, may be null
   * @param recorded what the registry recorded, may be null
   * @return the added items, or {@code answered} itself when nothing was recorded
   */
  static <T> List<T> added(List<T> answered, List<T> recorded) {
    if (answered == null || recorded == null || recorded.isEmpty()) {
      return answered;
    }
    Set<T> held = new HashSet<>(recorded);
    return answered.stream().filter(item -> item == null || !held.contains(item)).toList();
  }

  /** The endpoints' and volume mounts' shapes ({@link #requireAllowedBindingDetails}). */
  private void requireWellFormed(List<VolumeMount> volumeMounts, List<Endpoint> endpoints,
      String method, RequestContext context) {
    if (endpoints != null) {
      for (Endpoint e : endpoints) {
        if (!BindingDetailShapes.isEndpoint(e)) {
          throw providerBug(method + " bad endpoint", method
              + " answered an endpoint without host or ports, with white space in its host,"
              + " with a port"
              + " other than a number or range of numbers 1-65535 (\"443\", \"9000-9010\"), or"
              + " with a protocol other than tcp, udp or all", context);
        }
      }
    }
    if (volumeMounts != null) {
      for (VolumeMount v : volumeMounts) {
        if (!BindingDetailShapes.isVolumeMount(v)) {
          throw providerBug(method + " bad volume mount", method
              + " answered a volume mount without driver, container_dir, mode (r or rw),"
              + " device_type \"shared\" or device.volume_id, or with a mount_config that is"
              + " not an object", context);
        }
      }
    }
  }

  private void undeclared(boolean present, String field, String permission,
      ServiceOffering service, String method, RequestContext context) {
    if (present && !service.requires().contains(permission)) {
      throw providerBug(method + " undeclared " + field, method + " answered " + field
          + " but the service does not declare"
          + " \"requires\": [\"" + permission + "\"] in the catalog", context);
    }
  }

  /**
   * What to answer for the error a provider's method threw ({@link ProviderErrors#answer}).
   *
   * @param e what the provider threw
   * @param usableAllowed whether the answer may carry {@code instance_usable}
   * @param repeatableAllowed whether the answer may carry {@code update_repeatable}
   * @param method the {@code ServiceBroker} method, for the log
   * @param context the request context
   * @return the error to throw
   */
  ServiceBrokerException sanitize(ServiceBrokerException e, boolean usableAllowed,
      boolean repeatableAllowed, String method, RequestContext context) {
    return ProviderErrors.answer(errors, e, usableAllowed, repeatableAllowed, method, context);
  }

  /**
   * Refuses an answered {@code service_id} or {@code plan_id} other than the recorded one (an
   * absent one is accepted: the caller answers the recorded one).
   *
   * @param field the field's name on the wire
   * @param answered what the provider answered, may be null
   * @param recorded what the registry holds
   * @param method the {@code ServiceBroker} method, for the log
   * @param context the request context
   * @throws ServiceBrokerException 500 (logged as a provider bug) when they differ
   */
  void requireRecordedId(String field, String answered, String recorded, String method,
      RequestContext context) {
    if (answered != null && !answered.equals(recorded)) {
      throw providerBug(method + " other " + field, method + " answered " + field + " "
          + LogText.quote(answered) + " but the registry records " + LogText.quote(recorded),
          context);
    }
  }
}
