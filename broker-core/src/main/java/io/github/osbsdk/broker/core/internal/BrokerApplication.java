package io.github.osbsdk.broker.core.internal;

import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The JAX-RS application of a broker: every resource and provider as a singleton. */
public final class BrokerApplication extends Application {
  private final Set<Object> singletons;

  /** @param singletons the resource and provider instances */
  public BrokerApplication(Set<Object> singletons) {
    this.singletons = singletons;
  }

  // Deprecated in Jakarta REST 3.1 in favour of CDI, but the portable way to hand a container
  // ready-made instances, and what every supported container still honours.
  @SuppressWarnings("deprecation")
  @Override
  public Set<Object> getSingletons() {
    return singletons;
  }
}
