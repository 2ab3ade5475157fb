package io.github.osbsdk.broker.api.internal;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the {@link ServiceBrokerException}s only the SDK answers (401 from an authenticator,
 * 412 from the API-version check, 413 from the body limit), which the exception's public
 * constructors refuse. {@code ServiceBrokerException} hands its builder over from its static
 * initializer ({@link #install}); nothing else can.
 */
public final class SdkOnlyErrors {
  /** The statuses only the SDK answers: 401, 412 and 413. */
  public static final Set<Integer> STATUSES = Set.of(401, 412, 413);

  private static volatile Builder builder;

  /** What {@link ServiceBrokerException} hands over to build one of its own. */
  @FunctionalInterface
  public interface Builder {
    /**
     * Builds the exception without the check of the public constructors.
     *
     * @param status the HTTP status
     * @param error the OSB error code, or null
     * @param description the description, or null
     * @return the exception
     */
    ServiceBrokerException build(int status, String error, String description);
  }

  private SdkOnlyErrors() {}

  /**
   * Takes the builder; only {@link ServiceBrokerException}'s static initializer calls it, once.
   *
   * @param b the builder
   * @throws IllegalStateException when called from anywhere else, or twice
   */
  public static synchronized void install(Builder b) {
    Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .getCallerClass();
    if (caller != ServiceBrokerException.class || builder != null) {
      throw new IllegalStateException("only ServiceBrokerException installs its builder, once");
    }
    builder = Objects.requireNonNull(b, "b == null");
  }

  /**
   * An error only the SDK answers.
   *
   * @param status 401, 412 or 413
   * @param description the description, or null
   * @return the exception
   * @throws IllegalArgumentException for another status (build it with the public API)
   */
  public static ServiceBrokerException of(int status, String description) {
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException("not a status only the SDK answers: " + status);
    }
    Builder b = builder;
    if (b == null) {
      initialize();
      b = builder;
    }
    return b.build(status, null, description);
  }

  private static void initialize() {
    try {
      Class.forName(ServiceBrokerException.class.getName(), true,
          ServiceBrokerException.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
