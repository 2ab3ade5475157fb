package io.github.osbsdk.broker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepContextTest {
  @Test
  void argumentsAreACopyTheCallerCannotChangeLater() {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("size", 3);
    arguments.put("zone", null);
    StepContext context =
        new StepContext("op-1", OperationType.PROVISION, "i-1", null, arguments, 1);

    arguments.put("size", 5);
    arguments.put("added", true);

    Map<String, Object> expected = new HashMap<>();
    expected.put("size", 3);
    expected.put("zone", null);
    assertThat(context.arguments()).isEqualTo(expected);
    assertThatThrownBy(() -> context.arguments().put("size", 7))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
