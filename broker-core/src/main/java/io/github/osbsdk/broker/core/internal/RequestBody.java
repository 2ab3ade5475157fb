package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;

/**
 * The body of a broker request that has one (provision, update, bind, IBM state change), as
 * {@link RequestBodyReader} read it, together with the request's context, which the reader takes
 * from the request's own properties where the broker's filters left it. Resources that take this
 * as their entity parameter need no per-request injection of the security context.
 *
 * <p>Reading never fails here: a body that cannot be accepted (not JSON, too large, cut short)
 * keeps its error, which {@link #object} throws once the endpoint runs, so the answer comes in
 * the same order and with the same OSB body as before the body was read.
 */
public final class RequestBody {
  private final byte[] bytes;
  private final ServiceBrokerException failure;
  private RequestState state;

  private RequestBody(byte[] bytes, ServiceBrokerException failure) {
    this.bytes = bytes;
    this.failure = failure;
  }

  static RequestBody of(byte[] bytes) {
    return new RequestBody(bytes, null);
  }

  static RequestBody failed(ServiceBrokerException failure) {
    return new RequestBody(null, failure);
  }

  /** Attaches the request's state (once; the reader interceptor does it after reading). */
  void attach(RequestState requestState) {
    if (state == null) {
      state = requestState;
    }
  }

  /**
   * @return the request's context when the broker's filters accepted the request, else null
   */
  RequestContext context() {
    return state == null ? null : state.context;
  }

  /** @return whether there was nothing to read and nothing failed: no body at all */
  boolean isEmpty() {
    return failure == null && bytes.length == 0;
  }

  /** @return whether the body cannot be accepted (its error is thrown by {@link #object}) */
  boolean failed() {
    return failure != null;
  }

  /**
   * @param bodies the body rules
   * @return the body as a JSON object
   * @throws ServiceBrokerException the reading error, or 400 when the body is missing or not a
   *     JSON object
   */
  ObjectNode object(RequestBodyParser bodies) {
    if (failure != null) {
      throw failure;
    }
    return bodies.parseObject(bytes);
  }
}
