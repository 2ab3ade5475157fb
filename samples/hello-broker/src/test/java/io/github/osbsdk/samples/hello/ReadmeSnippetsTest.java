package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's code blocks are copies of compiled, tested code. */
class ReadmeSnippetsTest {
  private static final Path TESTS = Path.of("src/test/java/io/github/osbsdk/samples/hello");

  @Test
  void readmeShowsTheCompiledQuickStart() throws Exception {
    String readme = Files.readString(Path.of("../../README.md"));
    assertThat(readme).contains(ReadmeSnippets.region(TESTS.resolve("MyServiceBroker.java"),
        "broker"));
    assertThat(readme).contains(ReadmeSnippets.region(TESTS.resolve("QuickStart.java"),
        "jersey-imports"));
    assertThat(readme).contains(ReadmeSnippets.region(TESTS.resolve("QuickStart.java"),
        "jersey"));
    assertThat(readme).contains(ReadmeSnippets.region(TESTS.resolve("OsbUriGuard.java"),
        "uri-guard"));
    assertThat(readme).contains(ReadmeSnippets.region(TESTS.resolve("MyBrokerConformanceTest.java"),
        "conformance-imports") + "\n" + ReadmeSnippets.region(
        TESTS.resolve("MyBrokerConformanceTest.java"), "conformance"));
  }

  @Test
  void readmeShowsTheCompiledResumableStep() throws Exception {
    String readme = Files.readString(Path.of("../../README.md"));
    Path example = TESTS.resolve("ResumableStepExample.java");
    assertThat(readme).contains(ReadmeSnippets.region(example, "resumable-step"));
    assertThat(readme).contains(ReadmeSnippets.region(example, "resumable-register"));
  }

  @Test
  void readmeShowsTheCompiledAsyncBind() throws Exception {
    String readme = Files.readString(Path.of("../../README.md"));
    Path example = TESTS.resolve("AsyncBindExample.java");
    assertThat(readme).contains(ReadmeSnippets.region(example, "async-bind"));
    assertThat(readme).contains(ReadmeSnippets.region(example, "async-bind-register"));
  }

  @Test
  void readmeShowsTheCompiledStandaloneSimulators() throws Exception {
    String readme = Files.readString(Path.of("../../README.md"));
    assertThat(readme).contains(ReadmeSnippets.region(
        TESTS.resolve("StandaloneSimulatorsExample.java"), "standalone-simulators"));
  }

  @Test
  void resumableStepExampleRefusesARequestWithoutAcceptsIncompleteWith422() {
    // copied as is, the README's provision must not answer 202 to a platform that did not send
    // accepts_incomplete=true (the SDK would answer 422 itself, with a warning in the log)
    ServiceOffering service = new MyServiceBroker().catalog().services().get(0);
    ProvisionRequest request = new ProvisionRequest("i1", service, service.plans().get(0), null,
        Map.of(), null, null, null, false, RequestContext.of("r1"));
    ServiceBrokerException refused = catchThrowableOfType(ServiceBrokerException.class,
        () -> new ResumableStepExample(null).provision(request));
    assertThat(refused).isNotNull();
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.error()).isEqualTo("AsyncRequired");
  }
}
