package io.github.osbsdk.broker.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The schema library failing inside the SDK's check: never blamed on the provider. */
class ParameterValidatorFailureTest {
  private static final JsonNode PARAMETERS = new ObjectMapper().createObjectNode().put("a", 1);

  @SuppressWarnings("unchecked")
  private static Schema schemaThrowing(Throwable failure) {
    Schema schema = mock(Schema.class);
    when(schema.validate(any(JsonNode.class), any(Consumer.class))).thenThrow(failure);
    return schema;
  }

  @Test
  void aStackOverflowInTheLibraryIsABadRequestNotAnError() {
    Throwable thrown = catchThrowable(() -> ParameterValidator.validate(
        schemaThrowing(new StackOverflowError()), PARAMETERS, "p", "service_instance.create"));

    assertThat(thrown).isInstanceOf(ServiceBrokerException.class);
    assertThat(((ServiceBrokerException) thrown).status()).isEqualTo(400);
    assertThat(((ServiceBrokerException) thrown).description()).contains("could not be checked");
  }

  @Test
  void anUnexpectedExceptionInTheLibrarySaysTheSdksCheckFailed() {
    IllegalStateException bug = new IllegalStateException("library bug");

    Throwable thrown = catchThrowable(() -> ParameterValidator.validate(schemaThrowing(bug),
        PARAMETERS, "p", "service_instance.create"));

    assertThat(thrown).isInstanceOf(SchemaCheckFailure.class).hasCause(bug)
        .hasMessageContaining("failed in the SDK")
        .hasMessageContaining("plan p's schemas.service_instance.create.parameters");
  }

  @Test
  void validationStopsOnceItHasMoreProblemsThanTheAnswerNames() throws Exception {
    JsonNode items = new ObjectMapper().readTree("{\"p\":[1" + ",1".repeat(999) + "]}");
    Schema schema = JsonSchemas.compile(new ObjectMapper().readTree("{\"type\":\"object\","
        + "\"properties\":{\"p\":{\"items\":{\"type\":\"string\"}}}}"));
    CollectedErrors errors = new CollectedErrors();
    Consumer<ExecutionContext> collect = context -> context.setErrors(errors);

    schema.validate(items, collect);

    assertThat(errors.stopped()).isTrue();
    assertThat(errors).hasSize(ValidationMessages.MAX_PROBLEMS + 1);
  }
}
