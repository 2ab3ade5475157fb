package io.github.osbsdk.broker.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.OperationState;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.api.instance.PreviousValues;
import io.github.osbsdk.broker.api.state.InstanceState;
import io.github.osbsdk.broker.api.state.InstanceStateUpdate;
import io.github.osbsdk.broker.core.internal.ErrorBody;
import io.github.osbsdk.broker.core.internal.JacksonConfiguration;
import io.github.osbsdk.broker.core.internal.LastOperationBody;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** JSON fixtures of the broker-api records: round trip, unknown fields ignored, nulls omitted. */
class ModelRoundTripTest {
  private static final ObjectMapper MAPPER = JacksonConfiguration.newMapper();

  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of("catalog.json", Catalog.class),
        Arguments.of("binding-details.json", BindingDetails.class),
        Arguments.of("instance-details.json", InstanceDetails.class),
        Arguments.of("last-operation.json", LastOperationBody.class),
        Arguments.of("error-response.json", ErrorBody.class),
        Arguments.of("instance-state.json", InstanceState.class),
        Arguments.of("instance-state-update.json", InstanceStateUpdate.class),
        Arguments.of("previous-values.json", PreviousValues.class));
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in = ModelRoundTripTest.class.getResourceAsStream("/fixtures/" + name)) {
      assertThat(in).as(name).isNotNull();
      return MAPPER.readTree(in);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void fixtureRoundTripsUnchanged(String name, Class<?> type) throws IOException {
    JsonNode json = fixture(name);
    Object value = MAPPER.treeToValue(json, type);
    JsonNode out = MAPPER.valueToTree(value);
    assertThat(out).isEqualTo(json);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void unknownFieldsAreIgnored(String name, Class<?> type) throws IOException {
    JsonNode json = fixture(name);
    ObjectNode extended = json.deepCopy();
    extended.put("field_from_the_future", "x");
    extended.putObject("another_one").put("y", 1);
    JsonNode out = MAPPER.valueToTree(MAPPER.treeToValue(extended, type));
    assertThat(out).isEqualTo(json);
  }

  @Test
  void nullsAreOmitted() throws IOException {
    assertThat(MAPPER.writeValueAsString(LastOperationBody.of(
        LastOperation.inProgress().withRetryAfter(Duration.ofSeconds(5)), false)))
        .isEqualTo("{\"state\":\"in progress\"}");
    assertThat(MAPPER.writeValueAsString(new ErrorBody(null, "d", null, null)))
        .isEqualTo("{\"description\":\"d\"}");
    String catalog = MAPPER.writeValueAsString(Catalog.of(ServiceOffering.builder("s", "n", "d")
        .plan(Plan.builder("p", "n", "d").build()).build()));
    assertThat(catalog).doesNotContain("null")
        .isEqualTo("{\"services\":[{\"id\":\"s\",\"name\":\"n\",\"description\":\"d\","
            + "\"bindable\":false,"
            + "\"plans\":[{\"id\":\"p\",\"name\":\"n\",\"description\":\"d\"}]}]}");
  }

  @Test
  void operationStatesReadFromTheWire() throws IOException {
    assertThat(MAPPER.readValue("{\"state\":\"succeeded\"}", LastOperationBody.class).state())
        .isEqualTo(OperationState.SUCCEEDED);
  }

  @Test
  void credentialsAreMaskedInToString() {
    BindResult.Bound r = BindResult.bound(java.util.Map.of("password", "topsecret"));
    assertThat(r.toString()).doesNotContain("topsecret");
  }
}
