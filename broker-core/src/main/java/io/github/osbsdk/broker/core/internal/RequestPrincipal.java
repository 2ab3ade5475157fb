package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.RequestContext;
import java.security.Principal;

/**
 * The principal the SDK installs for broker requests; carries the request context to the
 * resources through the portable {@link jakarta.ws.rs.core.SecurityContext}.
 *
 * @param context the request context
 */
record RequestPrincipal(RequestContext context) implements Principal {
  @Override
  public String getName() {
    return context.caller() == null ? "anonymous" : context.caller().id();
  }
}
