package io.github.osbsdk.broker.testkit.internal.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CredentialDifferenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void differentCredentialsAreNamedByTheirKeysWithoutTheirValues() throws Exception {
    String said = CredentialDifference.describe(
        json("{\"user\":\"u\",\"password\":\"hunter2\",\"host\":\"h\",\"port\":1}"),
        json("{\"user\":\"u\",\"password\":\"swordfish\",\"port\":2,\"token\":\"t0k3n\"}"));
    assertThat(said).isEqualTo(", got different ones (different values of 'password', 'port';"
        + " missing 'host'; extra 'token'; values not shown)");
    assertThat(said).doesNotContain("hunter2").doesNotContain("swordfish")
        .doesNotContain("t0k3n");
  }

  @Test
  void noCredentialsOrOnesThatAreNotAnObjectAreSaidSo() throws Exception {
    assertThat(CredentialDifference.describe(json("{\"a\":1}"), null)).isEqualTo(", got none");
    assertThat(CredentialDifference.describe(json("{\"a\":1}"), json("\"secret\"")))
        .isEqualTo(", got different ones (not both JSON objects)");
  }
}
