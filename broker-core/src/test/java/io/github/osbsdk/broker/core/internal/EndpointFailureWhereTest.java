package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.internal.schema.SchemaCheckFailures;
import org.junit.jupiter.api.Test;

class EndpointFailureWhereTest {
  @Test
  void aFailureOfTheSdksParameterCheckIsNotBlamedOnTheProvider() {
    String where = Endpoint.where("provision",
        SchemaCheckFailures.of(new IllegalStateException("library bug")));

    assertThat(where).isEqualTo("the SDK's check of the parameters of provision, before the"
        + " provider was called");
  }

  @Test
  void anyOtherFailureIsNamedByItsOperation() {
    assertThat(Endpoint.where("bind", new IllegalStateException("provider bug")))
        .isEqualTo("bind");
  }
}
