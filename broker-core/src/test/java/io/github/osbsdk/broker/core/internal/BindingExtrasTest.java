package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored non-credential part of a binding prints its URLs without their secrets. */
class BindingExtrasTest {
  @Test
  void toStringMasksTheSyslogDrainAndRouteServiceUrlsAndTheAccessorsKeepThemWhole() {
    String drain = "syslog-tls://drain:pw-s3cret@logs.example.com:6514?key=k3y";
    String route = "https://routes.example.com/r?sig=s1g";
    InstanceRecords.BindingExtras extras =
        new InstanceRecords.BindingExtras(drain, route, null, List.of(), null);
    assertThat(extras.toString()).isEqualTo("BindingExtras[syslogDrainUrl="
        + "syslog-tls://***@logs.example.com:6514?key=***, routeServiceUrl="
        + "https://routes.example.com/r?sig=***, volumeMounts=null, endpoints=[], metadata=null]");
    assertThat(extras.syslogDrainUrl()).isEqualTo(drain);
    assertThat(extras.routeServiceUrl()).isEqualTo(route);
  }
}
