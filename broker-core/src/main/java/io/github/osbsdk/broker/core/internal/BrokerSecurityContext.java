package io.github.osbsdk.broker.core.internal;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Locale;

/** The security context of a broker request: the caller plus the request context. */
final class BrokerSecurityContext implements SecurityContext {
  private final SecurityContext original;
  private final RequestPrincipal principal;

  BrokerSecurityContext(SecurityContext original, RequestPrincipal principal) {
    this.original = original;
    this.principal = principal;
  }

  @Override
  public Principal getUserPrincipal() {
    return principal;
  }

  @Override
  public boolean isUserInRole(String role) {
    return false;
  }

  @Override
  public boolean isSecure() {
    return original != null && original.isSecure();
  }

  @Override
  public String getAuthenticationScheme() {
    return principal.context().caller() == null ? null
        : principal.context().caller().scheme().toUpperCase(Locale.ROOT);
  }
}
