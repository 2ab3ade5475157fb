package io.github.osbsdk.broker.testkit.internal.run;

import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.internal.check.Front;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Lets the kit's command line runner tell a {@link ConformanceSuite.Builder} that the run is
 * configured from the command line, and take a stop before any check itself (for its exit
 * code), without a public method for it: {@link ConformanceSuite} registers the setters when its
 * class is initialized (before any builder exists).
 */
public final class SuiteFront {
  private static volatile BiConsumer<ConformanceSuite.Builder, Front> setter;
  private static volatile BiConsumer<ConformanceSuite.Builder, Consumer<Preflight.Stop>>
      stopSetter;

  private SuiteFront() {}

  /**
   * Called once by {@link ConformanceSuite}.
   *
   * @param s sets the front of a builder
   * @param onStop sets what takes a builder's stop before any check
   */
  public static void register(BiConsumer<ConformanceSuite.Builder, Front> s,
      BiConsumer<ConformanceSuite.Builder, Consumer<Preflight.Stop>> onStop) {
    setter = Objects.requireNonNull(s, "setter == null");
    stopSetter = Objects.requireNonNull(onStop, "onStop == null");
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

  /**
   * Makes a run that stops before any check (the broker answers no catalog) hand the stop to
   * {@code handler} and end with no result, instead of a failed {@code catalog.status}.
   *
   * @param builder a suite builder
   * @param handler takes the stop
   * @return the builder
   */
  public static ConformanceSuite.Builder onStop(ConformanceSuite.Builder builder,
      Consumer<Preflight.Stop> handler) {
    stopSetter.accept(Objects.requireNonNull(builder, "builder == null"),
        Objects.requireNonNull(handler, "handler == null"));
    return builder;
  }
}
