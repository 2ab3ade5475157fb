package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the SDK answers for a {@link ServiceBrokerException} a provider's method threw. */
final class ProviderErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderErrors.class);

  private ProviderErrors() {}

  /**
   * A 401, 412 or 413 ({@link SdkErrors#RESERVED_STATUSES}, which only the SDK answers) becomes a
   * 500 logged as a provider bug; any other error is answered without {@code instance_usable} /
   * {@code update_repeatable} where the spec does not allow them.
   *
   * @param errors limits the ERROR lines
   * @param e what the provider threw
   * @param usableAllowed whether the answer may carry {@code instance_usable}
   * @param repeatableAllowed whether the answer may carry {@code update_repeatable}
   * @param method the {@code ServiceBroker} method, for the log
   * @param context the request context
   * @return the error to throw
   */
  static ServiceBrokerException answer(RequestErrorLog errors, ServiceBrokerException e,
      boolean usableAllowed, boolean repeatableAllowed, String method, RequestContext context) {
    if (SdkErrors.RESERVED_STATUSES.contains(e.status())) {
      errors.error(LOG, method + " reserved status " + e.status(), e, "Request {}: ServiceBroker"
          + " implementation error: {} threw a ServiceBrokerException with status {}, which only"
          + " the SDK answers (401 authentication, 412 API version, 413 body size); answered"
          + " 500{}", context.requestId(), method, e.status());
      return RequestErrorLog.loggedInternalError(context.requestId());
    }
    Boolean usable = usableAllowed ? e.instanceUsable() : null;
    Boolean repeatable = repeatableAllowed ? e.updateRepeatable() : null;
    if (Objects.equals(usable, e.instanceUsable())
        && Objects.equals(repeatable, e.updateRepeatable())) {
      return e;
    }
    ServiceBrokerException copy = new ServiceBrokerException(e.status(), e.error(),
        e.description(), usable, repeatable, e.getCause());
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }
}
