package io.github.osbsdk.broker.testkit.internal.run;

/**
 * Checks that the optional in-process container (Jersey + Grizzly) is on the classpath before
 * {@link InProcessServer} is touched, so a missing one is a clear message, not a
 * {@code NoClassDefFoundError}.
 */
public final class InProcessSupport {
  private static final String[] REQUIRED = {
      "org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory",
      "org.glassfish.jersey.inject.hk2.Hk2InjectionManagerFactory",
  };

  private InProcessSupport() {}

  /**
   * Fails unless Jersey's Grizzly container and HK2 injection can be loaded.
   *
   * @throws IllegalStateException naming the artifacts to add
   */
  public static void require() {
    ClassLoader loader = InProcessSupport.class.getClassLoader();
    for (String name : REQUIRED) {
      try {
        Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException("ConformanceSuite.inProcess(...) mounts the broker on"
            + " Jersey + Grizzly, which the kit does not bring (so it never changes your"
            + " container): add org.glassfish.jersey.containers:jersey-container-grizzly2-http"
            + " and org.glassfish.jersey.inject:jersey-hk2 with test scope, or mount the broker in"
            + " your own container and use url(...) [missing: " + name + "]", e);
      }
    }
  }
}
