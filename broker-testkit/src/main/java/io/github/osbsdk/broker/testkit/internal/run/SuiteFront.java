package io.github.osbsdk.broker.testkit.internal.run;

import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.internal.check.Front;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Lets the kit's command line runner tell a {@link ConformanceSuite.Builder} that the run is
 * configured from the command line, without a public method for it: {@link ConformanceSuite}
 * registers the setter when its class is initialized (before any builder exists).
 */
public final class SuiteFront {
  private static volatile BiConsumer<ConformanceSuite.Builder, Front> setter;

  private SuiteFront() {}

  /**
   * Called once by {@link ConformanceSuite}.
   *
   * @param s sets the front of a builder
   */
  public static void register(BiConsumer<ConformanceSuite.Builder, Front> s) {
    setter = Objects.requireNonNull(s, "setter == null");
  }

  /**
   * @param builder a suite builder
   * @param front how the user configured the run
   * @return the builder
   */
  public static ConformanceSuite.Builder set(ConformanceSuite.Builder builder, Front front) {
    setter.accept(Objects.requireNonNull(builder, "builder == null"),
        Objects.requireNonNull(front, "front == null"));
    return builder;
  }
}
