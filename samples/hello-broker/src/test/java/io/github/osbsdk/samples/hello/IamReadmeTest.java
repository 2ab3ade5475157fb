package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's IAM snippet is a copy of {@link IamQuickStart}, which builds a broker. */
class IamReadmeTest {
  @Test
  void readmeShowsTheCompiledIamSetup() throws Exception {
    String readme = Files.readString(Path.of("../../README.md"));
    assertThat(readme).contains(ReadmeSnippets.region(
        Path.of("src/test/java/io/github/osbsdk/samples/hello/IamQuickStart.java"), "iam"));
  }

  @Test
  void iamSetupBuildsWithoutCallingIam() {
    assertThat(IamQuickStart.broker(new MyServiceBroker(), "api-key", "client", "secret",
        (id, user) -> "<html></html>")).isNotNull();
  }
}
