package io.github.osbsdk.broker.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves running what it started: a {@link PostgresBrokerStore} not
 * closed (its listener of finished operations, which holds a pooled connection), a pool not
 * closed (HikariCP's housekeeper), a broker not closed (its lease renewer, its hand-off thread),
 * an executor not shut down, an HTTP server or simulator not stopped. Registered for every test
 * class of the module (META-INF/services, junit-platform.properties); it compares the threads
 * alive after the class, once they had {@link #GRACE_MILLIS} to end, with those alive before it,
 * so a leak is blamed on the class that made it. The two pools {@link TestDatabase} keeps for the
 * whole run are not leaks.
 */
public final class LeakCheck implements BeforeAllCallback, AfterAllCallback {
  /** How long what a class closed may take to stop (a listener ends within a second). */
  static final long GRACE_MILLIS = 5_000;
  /** Threads of something a test must close, with what was left open. */
  private static final List<Kind> KINDS = List.of(
      new Kind("osb-operation-notifications", "a PostgresBrokerStore not closed"),
      new Kind(".*:housekeeper", "a HikariCP pool not closed"),
      new Kind("osb-(operations|handoff)-.*", "a Broker not closed"),
      new Kind("usage-(meter|sender)", "a usage meter or reporter not closed"),
      new Kind("pool-\\d+-thread-\\d+", "an ExecutorService not shut down"),
      new Kind("(?i)grizzly.*", "an HTTP server not stopped"),
      new Kind("iam-simulator-.*", "an IAM simulator not stopped"));
  /** The pools {@link TestDatabase} keeps open for the whole run. */
  private static final Set<String> RUN_WIDE = Set.of("replica-a:housekeeper",
      "replica-b:housekeeper");

  private record Kind(Pattern name, String leak) {
    Kind(String regex, String leak) {
      this(Pattern.compile(regex), leak);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    store(context).put(LeakCheck.class, threads());
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    @SuppressWarnings("unchecked")
    Set<Thread> before = (Set<Thread>) store(context).get(LeakCheck.class);
    long deadline = System.nanoTime() + GRACE_MILLIS * 1_000_000;
    List<String> left = leftOver(before);
    while (!left.isEmpty() && System.nanoTime() - deadline < 0) {
      Thread.sleep(50);
      left = leftOver(before);
    }
    if (!left.isEmpty()) {
      throw new AssertionError(context.getRequiredTestClass().getSimpleName() + " left "
          + left.size() + " thread(s) running " + GRACE_MILLIS + " ms after it ended: "
          + String.join("; ", left));
    }
  }

  private static ExtensionContext.Store store(ExtensionContext context) {
    return context.getStore(ExtensionContext.Namespace.create(LeakCheck.class));
  }

  private static Set<Thread> threads() {
    return Set.copyOf(Thread.getAllStackTraces().keySet());
  }

  /** The threads started since {@code before} that belong to something left open. */
  private static List<String> leftOver(Set<Thread> before) {
    List<String> left = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!t.isAlive() || before.contains(t) || RUN_WIDE.contains(t.getName())) {
        continue;
      }
      for (Kind kind : KINDS) {
        if (kind.name().matcher(t.getName()).matches()) {
          left.add("'" + t.getName() + "' (" + kind.leak() + ")");
          break;
        }
      }
    }
    return left;
  }
}
