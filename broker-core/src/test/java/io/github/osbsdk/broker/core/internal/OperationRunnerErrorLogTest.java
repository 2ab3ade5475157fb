package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A runner made with the public constructor has one log of failures, as the broker's has
 * ({@code BrokerRuntime}): the checks of the bindings binds deliver ({@link ProviderAnswers})
 * and the operations' work and ends ({@link OperationErrorLog}) count their ERROR lines in the
 * same {@link RequestErrorLog}, under one cap of kinds. Each log is reached through the fields
 * that hold it, so the test sees the instances the lines are written to.
 */
class OperationRunnerErrorLogTest {
  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field f = owner.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(owner);
  }

  @Test
  void thePublicConstructorGivesBindingChecksAndOperationWorkAndEndsOneErrorLog()
      throws ReflectiveOperationException {
    try (OperationRunner runner = new OperationRunner(new InMemoryBrokerStore(),
        Clock.systemUTC(), "r", Duration.ofSeconds(30), Duration.ofDays(3), Runnable::run,
        Map.of(), JacksonConfiguration.newMapper())) {
      Object checks = field(field(runner.bindings(), "answers"), "errors");
      Object ends = field(field(field(runner, "ends"), "errors"), "errors");
      Object work = field(field(field(runner, "work"), "errors"), "errors");
      assertThat(checks).isInstanceOf(RequestErrorLog.class);
      assertThat(ends).isSameAs(checks);
      assertThat(work).isSameAs(checks);
    }
  }
}
