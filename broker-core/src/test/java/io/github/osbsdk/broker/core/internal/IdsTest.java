package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void decodesExactlyOnce() {
    assertThat(Ids.decode("crn%3Av1%3Aa%2Fb%3A%3A", "id")).isEqualTo("crn:v1:a/b::");
    assertThat(Ids.decode("a%2541", "id")).isEqualTo("a%41");
    assertThat(Ids.decode("plain-id+x", "id")).isEqualTo("plain-id+x");
    assertThat(Ids.decode("%C3%A9", "id")).isEqualTo("\u00e9");
  }

  @Test
  void refusesInvalidEncodingWithBadRequest() {
    for (String bad : new String[] {"a%", "a%4", "a%ZZ", "%FF", "%C3", "", "%\u0663\u0663",
        "%\uff14\uff11"}) {
      assertThatThrownBy(() -> Ids.decode(bad, "instance_id")).as(bad)
          .isInstanceOfSatisfying(ServiceBrokerException.class,
              e -> assertThat(e.status()).isEqualTo(400));
    }
  }
}
