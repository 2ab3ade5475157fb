package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The internal wire bodies of the mutation answers against JSON fixtures. */
class WireBodiesTest {
  private static final ObjectMapper MAPPER = JacksonConfiguration.newMapper();

  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of("provision-response.json", WireBodies.Provision.class),
        Arguments.of("update-response.json", WireBodies.Provision.class),
        Arguments.of("deprovision-response.json", WireBodies.Operation.class),
        Arguments.of("bind-response.json", WireBodies.Bind.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void fixtureRoundTripsUnchanged(String name, Class<?> type) throws IOException {
    try (InputStream in = WireBodiesTest.class.getResourceAsStream("/fixtures/" + name)) {
      assertThat(in).as(name).isNotNull();
      JsonNode json = MAPPER.readTree(in);
      assertThat(MAPPER.<JsonNode>valueToTree(MAPPER.treeToValue(json, type))).isEqualTo(json);
    }
  }

  @Test
  void nullsAreOmittedAndCredentialsMasked() throws IOException {
    assertThat(MAPPER.writeValueAsString(new WireBodies.Provision(null, null, null)))
        .isEqualTo("{}");
    assertThat(MAPPER.writeValueAsString(new WireBodies.Operation(null))).isEqualTo("{}");
    assertThat(new WireBodies.Bind(Map.of("password", "topsecret"), null, null, null, null, null,
        null).toString()).doesNotContain("topsecret");
  }

  @Test
  void provisionBodyMasksTheDashboardUrlInToStringButSendsItWhole() throws IOException {
    String url = "https://admin:pw-s3cret@dash.example.com/i/1?token=t0k3n";
    WireBodies.Provision body = new WireBodies.Provision(url, "op-1", null);
    assertThat(body.toString()).isEqualTo("Provision[dashboardUrl="
        + "https://***@dash.example.com/i/1?token=***, operation=op-1, metadata=null]");
    assertThat(MAPPER.readTree(MAPPER.writeValueAsString(body)).get("dashboard_url").asText())
        .isEqualTo(url);
  }
}
