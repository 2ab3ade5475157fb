package io.github.osbsdk.broker.core.internal.metrics;

/**
 * Checks that an object handed to a {@code meterRegistry(Object)} builder method of the SDK
 * ({@code Broker.Builder}, {@code IamAuthenticator.Builder}, {@code AuthzClient.Builder},
 * {@code UsageReporter.Builder}) is a Micrometer {@code MeterRegistry}, without loading Micrometer
 * when it is absent. Those methods take {@code Object} so that no Micrometer type appears in a
 * signature that loads without Micrometer. Internal: exported only to the SDK's modules that
 * take a registry; not API.
 */
public final class MeterRegistries {
  /** Micrometer's registry type. */
  public static final String REGISTRY_CLASS = "io.micrometer.core.instrument.MeterRegistry";

  private MeterRegistries() {}

  /**
   * Whether Micrometer is on the class path of the SDK.
   *
   * @return true when {@code micrometer-core} can be loaded
   */
  public static boolean micrometerPresent() {
    return registryType() != null;
  }

  /**
   * Checks a registry.
   *
   * @param registry what the user passed
   * @return the same object
   * @throws NullPointerException when it is null
   * @throws IllegalArgumentException when Micrometer is missing or the object is not a
   *     {@code MeterRegistry}
   */
  public static Object require(Object registry) {
    if (registry == null) {
      throw new NullPointerException("meterRegistry == null");
    }
    Class<?> type = registryType();
    if (type == null) {
      throw new IllegalArgumentException("meterRegistry needs io.micrometer:micrometer-core on"
          + " the class path");
    }
    if (!type.isInstance(registry)) {
      throw new IllegalArgumentException("meterRegistry must be a " + REGISTRY_CLASS + ", not a "
          + registry.getClass().getName());
    }
    return registry;
  }

  private static Class<?> registryType() {
    try {
      return Class.forName(REGISTRY_CLASS, false, MeterRegistries.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }
}
