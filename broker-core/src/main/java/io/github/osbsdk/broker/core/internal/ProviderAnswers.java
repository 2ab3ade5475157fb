package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks of what a {@code ServiceBroker} implementation answered. A wrong answer is a provider
 * bug: it is logged and the platform gets the generic 500.
 */
final class ProviderAnswers {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderAnswers.class);

  private ProviderAnswers() {}

  /** Logs a provider bug and returns the generic 500 to throw. */
  static ServiceBrokerException providerBug(String what, RequestContext context) {
    LOG.error("Request {}: ServiceBroker implementation error: {}", context.requestId(), what);
    return ServiceBrokerException.internalError(
        ErrorResponses.internalDescription(context.requestId()));
  }

  /**
   * @param answer what the provider's method returned
   * @param method the {@code ServiceBroker} method, for the log
   * @param context the request context
   * @return the answer
   * @throws ServiceBrokerException 500 (logged as a provider bug) when it is null
   */
  static <T> T requireAnswer(T answer, String method, RequestContext context) {
    if (answer == null) {
      throw providerBug(method + " returned null", context);
    }
    return answer;
  }

  /**
   * Refuses an asynchronous answer to a request that did not accept one (a provider bug: it
   * should have thrown {@code ServiceBrokerException.asyncRequired()}).
   *
   * @param acceptsIncomplete the request's {@code accepts_incomplete}
   * @param method the {@code ServiceBroker} method, for the log
   * @param context the request context
   */
  static void requireAsyncAccepted(boolean acceptsIncomplete, String method,
      RequestContext context) {
    if (!acceptsIncomplete) {
      throw providerBug(method + " answered asynchronously although accepts_incomplete was not"
          + " true (throw ServiceBrokerException.asyncRequired() instead)", context);
    }
  }

  /**
   * Drops {@code instance_usable} / {@code update_repeatable} where the spec does not allow them.
   */
  static ServiceBrokerException sanitize(ServiceBrokerException e, boolean usableAllowed,
      boolean repeatableAllowed) {
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
