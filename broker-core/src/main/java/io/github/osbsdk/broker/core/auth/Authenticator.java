package io.github.osbsdk.broker.core.auth;

import io.github.osbsdk.broker.api.AuthenticatedCaller;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.internal.SdkOnlyErrors;

/**
 * Checks the credentials of every call to {@code /v2/**} and {@code /bluemix_v1/**}.
 *
 * <p>The SDK calls it before anything else touches the request (after the request id is set), and
 * hands the returned caller to the {@link io.github.osbsdk.broker.api.ServiceBroker} in the
 * request context. Implementations must be thread-safe, must fail closed, and must never log or
 * echo the credential.
 */
public interface Authenticator {
  /**
   * Authenticates one request.
   *
   * @param authorization the raw {@code Authorization} header value, or null when absent
   * @return the verified caller
   * @throws ServiceBrokerException 401 ({@link #unauthorized(String)}) when credentials are
   *     missing, malformed or invalid (the SDK adds {@code WWW-Authenticate: }{@link
   *     #challenge()}); 403 ({@link ServiceBrokerException#forbidden(String)}) when they are valid
   *     but the caller is not allowed
   */
  AuthenticatedCaller authenticate(String authorization);

  /**
   * The 401 an authenticator throws for credentials that are missing, malformed or invalid. Only
   * an authenticator answers 401: a {@code ServiceBroker} method that throws a 401 is answered 500
   * as a provider bug (the platform would take it for a wrong broker password).
   *
   * @param description why authentication failed, without the credential; may be null
   * @return 401 Unauthorized
   */
  static ServiceBrokerException unauthorized(String description) {
    return SdkOnlyErrors.of(401, description);
  }

  /**
   * The {@code WWW-Authenticate} header of a 401 answer, naming the scheme callers must use.
   *
   * @return the {@code WWW-Authenticate} value sent with 401, e.g. {@code Basic realm="broker"}
   */
  String challenge();

  /**
   * The {@code WWW-Authenticate} value for one refused request; the SDK calls this for every
   * 401 that {@link #authenticate(String)} threw. Override to add details such as RFC 6750's
   * {@code error="invalid_token"}; the default is {@link #challenge()}.
   *
   * @param authorization the raw {@code Authorization} header of the refused request, or null;
   *     never echo it
   * @param failure the 401 that {@link #authenticate(String)} threw
   * @return the header value
   */
  default String challenge(String authorization, ServiceBrokerException failure) {
    return challenge();
  }
}
