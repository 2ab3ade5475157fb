package io.github.osbsdk.broker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthenticatedCallerTest {
  @Test
  void attributesWithAJsonNullClaimAreKept() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", "IBMid-1");
    claims.put("email", null);

    AuthenticatedCaller caller = new AuthenticatedCaller("bearer", "IBMid-1", null, null, claims);
    claims.put("sub", "changed");

    assertThat(caller.attributes()).containsEntry("sub", "IBMid-1")
        .containsEntry("email", null).hasSize(2);
  }
}
