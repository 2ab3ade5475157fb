package io.github.osbsdk.broker.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.testkit.support.ExampleServiceBroker;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An in-process run owns the broker handed to {@code inProcess}: it closes it when the run ends,
 * so a provider's conformance test leaks neither the broker's executor nor its maintenance loop.
 */
class InProcessBrokerCloseTest {
  private static Broker broker() {
    return Broker.builder(new ExampleServiceBroker())
        .authenticator(BasicAuthenticator.of("broker", "s3cret")).build();
  }

  private static ConformanceSuite catalogOnly(Broker broker) {
    String[] others = Arrays.stream(Rule.values()).map(Rule::id)
        .filter(id -> !id.equals("catalog.status")).toArray(String[]::new);
    return ConformanceSuite.builder().inProcess(broker).basicAuth("broker", "s3cret")
        .skip(others).build();
  }

  /** Whether a thread of the broker's maintenance loop is alive, waiting up to 10 s for none. */
  private static boolean maintenanceThreadAlive(Broker broker) throws InterruptedException {
    String name = "osb-operations-" + broker.replicaId().substring(0, 8);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (Thread.getAllStackTraces().keySet().stream()
          .noneMatch(t -> t.isAlive() && t.getName().equals(name))) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  @Test
  void inProcessRunClosesTheBrokerItWasHanded() throws Exception {
    Broker broker = broker();
    String name = "osb-operations-" + broker.replicaId().substring(0, 8);
    assertThat(Thread.getAllStackTraces().keySet()).as("the loop runs before the run")
        .anyMatch(t -> t.getName().equals(name));

    SuiteResult result = catalogOnly(broker).run();

    assertThat(result.failed()).as(result::report).isZero();
    assertThat(maintenanceThreadAlive(broker)).as("maintenance loop alive after the run")
        .isFalse();
  }

  @Test
  void inProcessSuiteRefusesASecondRunOfItsClosedBroker() {
    ConformanceSuite suite = catalogOnly(broker());
    suite.run();

    assertThatThrownBy(suite::run).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runs once");
  }

  @Test
  void abstractConformanceTestRunClosesTheSuitesBroker() throws Exception {
    Broker broker = broker();
    AbstractConformanceTest test = new AbstractConformanceTest() {
      @Override
      protected ConformanceSuite suite() {
        return catalogOnly(broker);
      }
    };

    assertThat(test.conformance()).isNotEmpty();
    assertThat(maintenanceThreadAlive(broker)).as("maintenance loop alive after the run")
        .isFalse();
  }
}
