package io.github.osbsdk.broker.api.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.BindingMetadata;
import io.github.osbsdk.broker.api.binding.Endpoint;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each {@code with...} method changes its field and keeps every other. */
class DetailsWithersTest {
  @Test
  void instanceDetailsWithersChangeOneFieldAndKeepTheRest() {
    InstanceMetadata labels = new InstanceMetadata(Map.of("team", "q"), null);
    InstanceDetails recorded = new InstanceDetails("svc", "plan", null, Map.of("a", 1), null,
        labels);

    InstanceDetails d = recorded.withDashboardUrl("https://dash.example.com/i")
        .withParameters(Map.of("b", 2)).withMaintenanceInfo(new MaintenanceInfo("1.0.0", null))
        .withMetadata(new InstanceMetadata(labels.labels(), Map.of("size", 3)));

    assertThat(d).isEqualTo(new InstanceDetails("svc", "plan", "https://dash.example.com/i",
        Map.of("b", 2), new MaintenanceInfo("1.0.0", null),
        new InstanceMetadata(Map.of("team", "q"), Map.of("size", 3))));
    assertThat(recorded.dashboardUrl()).isNull();
  }

  @Test
  void bindingDetailsWithersChangeOneFieldAndKeepTheRest() {
    BindingDetails recorded = new BindingDetails(Map.of("k", "v"), null, null, null, null,
        Map.of("p", 1), null);
    Endpoint endpoint = new Endpoint("db.example.com", List.of("5432"), null);
    BindingMetadata metadata = new BindingMetadata(Instant.EPOCH, null);

    BindingDetails d = recorded.withSyslogDrainUrl("syslog://logs.example.com")
        .withRouteServiceUrl("https://route.example.com").withVolumeMounts(List.of())
        .withEndpoints(List.of(endpoint)).withParameters(Map.of("p", 2)).withMetadata(metadata);

    assertThat(d).isEqualTo(new BindingDetails(Map.of("k", "v"), "syslog://logs.example.com",
        "https://route.example.com", List.of(), List.of(endpoint), Map.of("p", 2), metadata));
  }

  @Test
  void createdWithDashboardUrlKeepsItsMetadata() {
    InstanceMetadata metadata = new InstanceMetadata(Map.of("team", "q"), null);

    ProvisionResult.Created created = ProvisionResult.created().withMetadata(metadata)
        .withDashboardUrl("https://dash.example.com/i");

    assertThat(created.dashboardUrl()).isEqualTo("https://dash.example.com/i");
    assertThat(created.metadata()).isEqualTo(metadata);
  }
}
