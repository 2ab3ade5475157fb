package io.github.osbsdk.broker.iam.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StrictJsonTest {
  private static boolean strict(String json) {
    return StrictJson.isSingleObject(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void oneObjectPasses() {
    assertThat(strict("{\"a\":1,\"b\":{\"c\":[1,{\"d\":null}]}}")).isTrue();
  }

  @Test
  void duplicateNamesAtAnyDepthFail() {
    assertThat(strict("{\"a\":1,\"a\":2}")).isFalse();
    assertThat(strict("{\"x\":{\"a\":1,\"a\":2}}")).isFalse();
    assertThat(strict("{\"x\":[{\"a\":1,\"a\":2}]}")).isFalse();
  }

  @Test
  void anythingButExactlyOneObjectFails() {
    assertThat(strict("{}{}")).isFalse();
    assertThat(strict("{}[]")).isFalse();
    assertThat(strict("[{}]")).isFalse();
    assertThat(strict("null")).isFalse();
    assertThat(strict("")).isFalse();
    assertThat(strict("{\"a\":1")).isFalse();
    assertThat(strict("{'a':1}")).isFalse();
  }

  @Test
  void refusedTopLevelMembersFailWhateverTheirValue() {
    byte[] json = "{\"alg\":\"RS256\",\"b64\":true}".getBytes(StandardCharsets.UTF_8);
    assertThat(StrictJson.isSingleObject(json, Set.of("b64", "crit"))).isFalse();
    byte[] nested = "{\"alg\":\"RS256\",\"x\":{\"b64\":true}}".getBytes(StandardCharsets.UTF_8);
    assertThat(StrictJson.isSingleObject(nested, Set.of("b64", "crit"))).isTrue();
  }
}
