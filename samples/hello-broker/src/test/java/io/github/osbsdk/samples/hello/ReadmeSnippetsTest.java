package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
        "jersey"));
    assertThat(readme).contains(ReadmeSnippets.region(TESTS.resolve("MyBrokerConformanceTest.java"),
        "conformance"));
  }

  @Test
  void readmeShowsTheCompiledResumableStep() throws Exception {
    String readme = Files.readString(Path.of("../../README.md"));
    Path example = TESTS.resolve("ResumableStepExample.java");
    assertThat(readme).contains(ReadmeSnippets.region(example, "resumable-step"));
    assertThat(readme).contains(ReadmeSnippets.region(example, "resumable-register"));
  }
}
