package io.github.osbsdk.broker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.binding.BindResource;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.ServiceBinding;
import io.github.osbsdk.broker.api.binding.VolumeMount;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.SchemaParameters;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.context.PlatformContext;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.api.instance.InstanceMetadata;
import io.github.osbsdk.broker.api.instance.ServiceInstance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every public value with a JSON map keeps a deeply unmodifiable copy of it. */
class ValuesCopyDeeplyTest {
  static Stream<Arguments> values() {
    return Stream.of(
        value("BindResult.Bound.credentials", m -> BindResult.bound(m).credentials()),
        value("BindingDetails.credentials",
            m -> new BindingDetails(m, null, null, null, null, null, null).credentials()),
        value("BindingDetails.parameters",
            m -> new BindingDetails(null, null, null, null, null, m, null).parameters()),
        value("Plan.metadata", m -> Plan.builder("p", "n", "d").metadata(m).build().metadata()),
        value("ServiceOffering.metadata", m -> ServiceOffering.builder("s", "n", "d")
            .bindable(true).plan(Plan.builder("p", "n", "d").build()).metadata(m).build()
            .metadata()),
        value("SchemaParameters.parameters", m -> new SchemaParameters(m).parameters()),
        value("PlatformContext (ibmcloud)", m -> PlatformContext.of(with(m, "ibmcloud"))
            .properties()),
        value("PlatformContext (cloudfoundry)", m -> PlatformContext.of(with(m, "cloudfoundry"))
            .properties()),
        value("PlatformContext (kubernetes)", m -> PlatformContext.of(with(m, "kubernetes"))
            .properties()),
        value("PlatformContext (other)", m -> PlatformContext.of(with(m, "other"))
            .properties()),
        value("AuthenticatedCaller.attributes",
            m -> new AuthenticatedCaller("bearer", "id", null, null, m).attributes()),
        value("OriginatingIdentity.properties",
            m -> new OriginatingIdentity("ibmcloud", m).properties()),
        value("InstanceDetails.parameters",
            m -> new InstanceDetails(null, null, null, m, null, null).parameters()),
        value("InstanceMetadata.labels", m -> new InstanceMetadata(m, null).labels()),
        value("InstanceMetadata.attributes", m -> new InstanceMetadata(null, m).attributes()),
        value("ServiceInstance.parameters", m -> new ServiceInstance("i", "s", "p", m, null,
            null, null, true, Instant.EPOCH).parameters()),
        value("ServiceBinding.parameters", m -> new ServiceBinding("i", "b", "s", "p", m, null,
            null, null, Instant.EPOCH).parameters()),
        value("VolumeMount.device", m -> new VolumeMount("d", "/c", "r", "shared", m).device()),
        value("BindResource.properties", m -> new BindResource(m).properties()));
  }

  private static Arguments value(String name, Function<Map<String, Object>, Map<?, ?>> copy) {
    return Arguments.of(name, copy);
  }

  private static Map<String, Object> with(Map<String, Object> m, String platform) {
    if (m.containsKey("platform")) {
      return m;
    }
    m.put("platform", platform);
    return m;
  }

  /** {"outer": {"list": [{"k": "v"}], "gone": null}}, every level mutable. */
  private static Map<String, Object> source() {
    Map<String, Object> inner = new HashMap<>();
    inner.put("k", "v");
    List<Object> list = new ArrayList<>();
    list.add(inner);
    Map<String, Object> outer = new LinkedHashMap<>();
    outer.put("list", list);
    outer.put("gone", null);
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("outer", outer);
    return top;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> outer(Map<?, ?> m) {
    return (Map<String, Object>) m.get("outer");
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<?, ?> m) {
    return (List<Object>) outer(m).get("list");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> innermost(Map<?, ?> m) {
    return (Map<String, Object>) list(m).get(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void changingANestedMapOrListOfTheSourceLaterLeavesTheValueAsItWas(String name,
      Function<Map<String, Object>, Map<?, ?>> copy) {
    Map<String, Object> source = source();
    Map<?, ?> value = copy.apply(source);

    innermost(source).put("k", "changed");
    list(source).add("added");
    outer(source).put("new", 1);

    assertThat(innermost(value)).containsExactly(Map.entry("k", "v"));
    assertThat(list(value)).hasSize(1);
    assertThat(outer(value)).containsOnlyKeys("list", "gone").containsEntry("gone", null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void theValuesMapsAndListsRefuseChangesAtEveryDepth(String name,
      Function<Map<String, Object>, Map<?, ?>> copy) {
    Map<?, ?> value = copy.apply(source());

    assertThatThrownBy(() -> outer(value).put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list(value).add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list(value).set(0, "x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> innermost(value).remove("k"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> outer(value).entrySet().iterator().next().setValue("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void aValueMadeFromAnotherValuesMapSharesItInsteadOfCopyingAgain(String name,
      Function<Map<String, Object>, Map<?, ?>> copy) {
    Map<?, ?> first = copy.apply(source());
    @SuppressWarnings("unchecked")
    Map<String, Object> again = (Map<String, Object>) first;

    assertThat(copy.apply(again)).isSameAs(first);
    assertThat(outer(first)).isEqualTo(outer(source()));
  }
}
