package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.RequestContext;
import java.security.Principal;

/**
 * The principal the SDK installs for broker requests; carries the request context to other
 * components (e.g. resources added with {@code Broker.Builder.register}) through the portable
 * {@link jakarta.ws.rs.core.SecurityContext}. The SDK's own resources read it from the request's
 * state instead.
 *
 * @param context the request context
 */
record RequestPrincipal(RequestContext context) implements Principal {
  @Override
  public String getName() {
    return context.caller() == null ? "anonymous" : context.caller().id();
  }
}
