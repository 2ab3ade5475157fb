package io.github.osbsdk.broker.api.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A null element in a list a provider hands in is refused at once, with a message naming it. */
class NullElementsTest {
  private static final Endpoint ENDPOINT = new Endpoint("db.example.com", List.of("5432"), null);
  private static final VolumeMount MOUNT = new VolumeMount("nfs", "/data", "rw", "shared",
      Map.of("volume_id", "v-1"));

  @Test
  void aBindResultRefusesANullEndpointOrVolumeMountNamingIt() {
    assertThatThrownBy(() -> BindResult.builder().endpoints(Arrays.asList(ENDPOINT, null))
        .build()).isInstanceOf(NullPointerException.class).hasMessage("endpoints[1] == null");
    assertThatThrownBy(() -> BindResult.builder().volumeMounts(Arrays.asList(null, MOUNT))
        .build()).isInstanceOf(NullPointerException.class)
        .hasMessage("volumeMounts[0] == null");
  }

  @Test
  void bindingDetailsAndEndpointsRefuseNullElementsNamingThem() {
    assertThatThrownBy(() -> new BindingDetails(null, null, null, null,
        Arrays.asList(ENDPOINT, null), null, null)).hasMessage("endpoints[1] == null");
    assertThatThrownBy(() -> new Endpoint("h", Arrays.asList("80", null), null))
        .hasMessage("ports[1] == null");
  }

  @Test
  void listsWithoutNullsAreCopiedUnmodifiableAndNoneIsEmpty() {
    BindResult.Bound bound = BindResult.builder().endpoints(List.of(ENDPOINT)).build();
    assertThat(bound.endpoints()).containsExactly(ENDPOINT);
    assertThat(bound.volumeMounts()).isEmpty();
    assertThatThrownBy(() -> bound.endpoints().add(ENDPOINT))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
