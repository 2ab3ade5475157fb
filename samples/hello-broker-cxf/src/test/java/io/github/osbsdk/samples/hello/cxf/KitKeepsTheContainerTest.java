package io.github.osbsdk.samples.hello.cxf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.samples.hello.HelloBroker;
import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.InMemoryKeyValueStore;
import jakarta.ws.rs.ext.RuntimeDelegate;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * broker-testkit, declared before CXF and without exclusions, changes nothing in a CXF build:
 * no Jersey on the classpath, CXF's {@code RuntimeDelegate}, and a clear message for the
 * in-process runner, whose container is an optional dependency.
 */
class KitKeepsTheContainerTest {
  @Test
  void cxfBuildWithTheKitPicksCxfsRuntimeDelegate() {
    assertThat(RuntimeDelegate.getInstance().getClass().getName()).startsWith("org.apache.cxf.");
    assertThatThrownBy(() -> Class.forName("org.glassfish.jersey.server.ResourceConfig"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void inProcessRunWithoutJerseyNamesTheArtifactsToAdd() {
    Broker broker = HelloBroker.broker(HelloConfig.local("u", "p", Duration.ofMillis(10)),
        new InMemoryKeyValueStore(), () -> "http://localhost");
    ConformanceSuite suite = ConformanceSuite.builder().inProcess(broker).basicAuth("u", "p")
        .build();
    assertThatThrownBy(suite::run).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("jersey-container-grizzly2-http").hasMessageContaining("url(...)");
    assertThat(BasicAuthenticator.class).isNotNull();
  }
}
