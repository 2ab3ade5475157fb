package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HelloServiceBrokerEncodeTest {
  @Test
  void encodeGivesWhatUrlEncoderGivesWithSpacesAsPercent20() {
    String[] ids = {"6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f60", "plain_id.v1*x", "a b", "a+b", "~tilde",
        "crn:v1:bluemix:public:hello-kv:us-south:a/acct::", "\u00e9t\u00e9", "100%", "x/y?z#w", ""};
    for (String id : ids) {
      assertThat(HelloServiceBroker.encode(id)).as(id)
          .isEqualTo(URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
    }
  }

  @Test
  void dotSegmentIdsStayInsideTheInstancesPath() {
    assertThat(HelloServiceBroker.encode(".")).isEqualTo("%2E");
    assertThat(HelloServiceBroker.encode("..")).isEqualTo("%2E%2E");
    assertThat(java.net.URI.create("http://h/dashboard/" + HelloServiceBroker.encode(".."))
        .normalize().getRawPath()).isEqualTo("/dashboard/%2E%2E");
    assertThat(HelloServiceBroker.encode("a/..")).isEqualTo("a%2F..");
  }
}
