package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A binding the provider delivered ({@link BindResult.Bound}), checked and recorded the same way
 * whether a synchronous bind answered it (201) or the work of an asynchronous one delivered it
 * ({@code BindTask}, {@code BindStep}; recorded with the operation's success): its details must
 * be allowed by the service's catalog entry and writable as JSON (else a provider bug), and the
 * row records them, with the credentials encrypted under the credential key, or without them
 * when the broker stores none.
 */
final class BoundBindings {
  private static final Logger LOG = LoggerFactory.getLogger(BoundBindings.class);

  /** The catalogs, or null (a runner built without them: no catalog entry is checked). */
  private final Catalogs catalogs;
  private final ObjectMapper mapper;
  /** Null when the broker stores no credentials. */
  private final CredentialCipher cipher;
  private final ProviderAnswers answers;

  BoundBindings(Catalogs catalogs, ObjectMapper mapper, CredentialCipher cipher,
      ProviderAnswers answers) {
    this.catalogs = catalogs;
    this.mapper = mapper;
    this.cipher = cipher;
    this.answers = answers;
  }

  /** @return the log of failures its checks write to, the broker's */
  RequestErrorLog errors() {
    return answers.errors();
  }

  /**
   * Checks a delivered binding as the spec and the catalog allow it.
   *
   * @param service the binding's service offering, null when no longer in the catalog
   * @param bound what the provider delivered
   * @param method who delivered it, for the log
   * @param ctx the request context
   * @return the binding as the JSON body of a 201
   * @throws io.github.osbsdk.broker.api.ServiceBrokerException 500 (logged as a provider bug)
   *     when a check fails
   */
  byte[] check(ServiceOffering service, BindResult.Bound bound, String method,
      RequestContext ctx) {
    answers.requireAllowedBindingDetails(service, bound.syslogDrainUrl(),
        bound.routeServiceUrl(), bound.volumeMounts(), bound.endpoints(), method, ctx);
    // written now: credentials Jackson cannot write must not leave a binding recorded
    return answers.requireJson(new WireBodies.Bind(bound.credentials(),
        bound.syslogDrainUrl(), bound.routeServiceUrl(), bound.volumeMounts(), bound.endpoints(),
        bound.metadata(), null), mapper, method, ctx);
  }

  /**
   * The row that records a checked binding: ready, with its details, and its credentials
   * encrypted when the broker stores credentials (none otherwise).
   *
   * @param row the binding's row as claimed or stored
   * @param bound what the provider delivered, checked
   * @return the row to put
   */
  StoredBinding ready(StoredBinding row, BindResult.Bound bound) {
    InstanceRecords.BindingExtras extras = new InstanceRecords.BindingExtras(
        bound.syslogDrainUrl(), bound.routeServiceUrl(), bound.volumeMounts(),
        bound.endpoints(), bound.metadata());
    String credentials = null;
    if (cipher != null && bound.credentials() != null) {
      String plain = InstanceRecords.write(bound.credentials(), mapper);
      credentials = cipher.encrypt(plain, row.instanceId(), row.bindingId());
    }
    return row.withStatus(BindingStatus.READY).withResult(
        extras.empty() ? null : InstanceRecords.write(extras, mapper), credentials);
  }

  /**
   * The row that records the binding an asynchronous bind's work delivered, checked against
   * the binding's service in the current catalog as a synchronous bind's answer is.
   *
   * @param current the binding's row as stored
   * @param bound what the work delivered
   * @param op the bind operation
   * @return the row to put with the operation's success
   * @throws io.github.osbsdk.broker.api.ServiceBrokerException 500 (logged as a provider bug)
   *     when a check fails
   */
  StoredBinding delivered(StoredBinding current, BindResult.Bound bound, StoredOperation op) {
    ServiceOffering service = catalogs == null ? null
        : catalogs.current().findService(current.serviceId());
    check(service, bound, "the work of asynchronous bind operation " + op.id(),
        RequestContext.of(op.requestId() == null ? op.id() : op.requestId()));
    if (cipher == null && bound.credentials() != null) {
      LOG.warn("Asynchronous bind operation {} delivered credentials, but the broker stores none"
          + " (no credential key, Broker.Builder.storeCredentials): the platform's fetch of"
          + " binding {} gets them only if ServiceBroker.fetchBinding adds them", op.id(),
          LogText.quote(op.bindingId()));
    }
    return ready(current, bound);
  }
}
