package io.github.osbsdk.broker.core.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrokerEndpointTest {
  private static final String I = "/v2/service_instances/crn%3Av1%2Fx";
  private static final String B = I + "/service_bindings/b-1";

  @Test
  void everyEndpointIsNamedFromMethodAndRawPath() {
    assertThat(BrokerEndpoint.of("GET", "/v2/catalog")).isEqualTo(BrokerEndpoint.CATALOG);
    assertThat(BrokerEndpoint.of("GET", "v2/catalog")).isEqualTo(BrokerEndpoint.CATALOG);
    assertThat(BrokerEndpoint.of("PUT", I)).isEqualTo(BrokerEndpoint.PROVISION);
    assertThat(BrokerEndpoint.of("PATCH", I)).isEqualTo(BrokerEndpoint.UPDATE);
    assertThat(BrokerEndpoint.of("DELETE", I)).isEqualTo(BrokerEndpoint.DEPROVISION);
    assertThat(BrokerEndpoint.of("GET", I)).isEqualTo(BrokerEndpoint.FETCH_INSTANCE);
    assertThat(BrokerEndpoint.of("GET", I + "/last_operation"))
        .isEqualTo(BrokerEndpoint.LAST_OPERATION);
    assertThat(BrokerEndpoint.of("PUT", B)).isEqualTo(BrokerEndpoint.BIND);
    assertThat(BrokerEndpoint.of("DELETE", B)).isEqualTo(BrokerEndpoint.UNBIND);
    assertThat(BrokerEndpoint.of("GET", B)).isEqualTo(BrokerEndpoint.FETCH_BINDING);
    assertThat(BrokerEndpoint.of("GET", B + "/last_operation"))
        .isEqualTo(BrokerEndpoint.LAST_BINDING_OPERATION);
    assertThat(BrokerEndpoint.of("GET", "/bluemix_v1/service_instances/x"))
        .isEqualTo(BrokerEndpoint.INSTANCE_STATE);
    assertThat(BrokerEndpoint.of("PUT", "/bluemix_v1/service_instances/x"))
        .isEqualTo(BrokerEndpoint.INSTANCE_STATE_UPDATE);
    assertThat(BrokerEndpoint.LAST_BINDING_OPERATION.tag()).isEqualTo("last_binding_operation");
  }

  @Test
  void anythingElseIsOther() {
    assertThat(BrokerEndpoint.of("POST", "/v2/catalog")).isEqualTo(BrokerEndpoint.OTHER);
    assertThat(BrokerEndpoint.of("GET", "/v2/service_instances/")).isEqualTo(BrokerEndpoint.OTHER);
    assertThat(BrokerEndpoint.of("POST", I)).isEqualTo(BrokerEndpoint.OTHER);
    assertThat(BrokerEndpoint.of("PUT", I + "/last_operation")).isEqualTo(BrokerEndpoint.OTHER);
    assertThat(BrokerEndpoint.of("GET", I + "/x/y/z/w")).isEqualTo(BrokerEndpoint.OTHER);
    assertThat(BrokerEndpoint.of("GET", "/v3/service_instances/x")).isEqualTo(BrokerEndpoint.OTHER);
    assertThat(BrokerEndpoint.of("GET", "/bluemix_v1/service_instances/x/y"))
        .isEqualTo(BrokerEndpoint.OTHER);
  }
}
