package io.github.osbsdk.samples.hello.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.cfg.PackageVersion;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/**
 * Spring Boot's dependency management must not downgrade what the SDK is built and tested with:
 * the module imports the Jackson, JUnit and AssertJ BOMs before Spring Boot's, and runs on
 * Boot's own Jersey (3.1.11).
 */
class SpringManagedVersionsTest {
  @Test
  void springBootDoesNotDowngradeJacksonJerseyOrJunit() {
    assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
    assertThat(PackageVersion.VERSION.toString()).isEqualTo(System.getProperty(
        "expected.jackson.version", PackageVersion.VERSION.toString()));
    assertThat(org.glassfish.jersey.internal.Version.getVersion())
        .isEqualTo(System.getProperty("expected.jersey.version"));
    assertThat(Test.class.getPackage().getImplementationVersion())
        .isEqualTo(System.getProperty("expected.junit.version"));
  }
}
