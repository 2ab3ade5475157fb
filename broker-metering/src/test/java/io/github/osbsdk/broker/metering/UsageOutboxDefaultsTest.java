package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link UsageOutbox}'s default methods do for an outbox of one's own. */
class UsageOutboxDefaultsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant LATER = T0.plus(Duration.ofDays(1));

  /** An outbox that implements {@link UsageOutbox#leave} but not leaveToOthers. */
  private static UsageOutbox withoutLeaveToOthers(UsageOutbox delegate) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getName().equals("leaveToOthers")) {
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      try {
        return method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (UsageOutbox) Proxy.newProxyInstance(UsageOutbox.class.getClassLoader(),
        new Class<?>[] {UsageOutbox.class}, handler);
  }

  @Test
  void leaveToOthersOfAnOutboxWithoutItAnswersTheOwnersTimeForEveryRecordPutBack() {
    UsageOutbox outbox = withoutLeaveToOthers(new InMemoryUsageOutbox());
    UsageRecord r = UsageRecord.builder("crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::",
        "metered-elsewhere").window(T0, T0.plus(Duration.ofHours(1))).measure("API_CALL", 3)
        .build();
    outbox.append(List.of(r));
    assertThat(outbox.claim("a", 10, LATER, Duration.ofMinutes(5))).hasSize(1);
    Instant own = LATER.plus(Duration.ofMinutes(5));
    // the latest time it may wait: the default cannot tell whether it was held for everyone
    assertThat(outbox.leaveToOthers("a", List.of(r.key()), LATER, own))
        .containsExactly(entry(r.key(), own));
    // no longer leased to "a": nothing put back, nothing answered
    assertThat(outbox.leaveToOthers("a", List.of(r.key()), LATER, own)).isEmpty();
    // and the leave itself happened: due for another sender at the others' time
    assertThat(outbox.claim("b", 10, LATER, Duration.ofMinutes(5))).hasSize(1);
  }
}
