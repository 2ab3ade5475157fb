package io.github.osbsdk.broker.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResource;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.ServiceBinding;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.context.PlatformContext;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ServiceInstance;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests are logged whole by providers ({@code LOG.info("{}", request)}): their
 * {@code parameters}, context values and step arguments, which may hold passwords, never show.
 */
class SecretsInToStringTest {
  private static final String SECRET = "s3cret-admin-pw";
  private static final Map<String, Object> PARAMETERS = Map.of("admin_password", SECRET);
  private static final Plan PLAN = Plan.builder("plan-1", "small", "A small plan").build();
  private static final ServiceOffering SERVICE = ServiceOffering
      .builder("svc-1", "db", "A database").plan(PLAN).build();
  private static final RequestContext CTX = RequestContext.of("req-1").withPlatformContext(
      PlatformContext.of(Map.of("platform", "kubernetes", "token", SECRET)));

  private static ServiceInstance instance() {
    return new ServiceInstance("inst-1", "svc-1", "plan-1", PARAMETERS, CTX.platformContext(),
        null, null, true, Instant.EPOCH);
  }

  private static ServiceBinding binding() {
    return new ServiceBinding("inst-1", "bind-1", "svc-1", "plan-1", PARAMETERS,
        new BindResource(Map.of("app_guid", "app-1")), "app-1", CTX.platformContext(),
        Instant.EPOCH);
  }

  @Test
  void requestsShowTheirIdsAndParameterNamesButNoParameterOrContextValue() {
    List<Object> requests = List.of(
        new ProvisionRequest("inst-1", SERVICE, PLAN, CTX.platformContext(), PARAMETERS, null,
            null, null, true, CTX),
        new UpdateRequest("inst-1", SERVICE, PLAN, CTX.platformContext(), PARAMETERS, null, null,
            true, instance(), CTX),
        new BindRequest("inst-1", "bind-1", SERVICE, PLAN, CTX.platformContext(), null,
            PARAMETERS, null, false, instance(), CTX),
        new DeprovisionRequest("inst-1", SERVICE, PLAN, false, instance(), CTX),
        new UnbindRequest("inst-1", "bind-1", SERVICE, PLAN, false, instance(), binding(), CTX),
        new FetchBindingRequest("inst-1", "bind-1", null, null,
            new BindingDetails(null, null, null, null, null, PARAMETERS, null), binding(), CTX,
            false));
    for (Object request : requests) {
      assertThat(request.toString()).doesNotContain(SECRET).contains("inst-1")
          .contains("admin_password").contains("plan-1").contains("req-1")
          .contains("kubernetes");
    }
  }

  @Test
  void stepArgumentsInstanceParametersAndContextsAreMasked() {
    List<Object> values = List.of(
        new StepContext("op-1", OperationType.PROVISION, "inst-1", null, PARAMETERS, 1),
        AsyncWork.step("create", PARAMETERS), instance(), binding(),
        new InstanceDetails("svc-1", "plan-1", null, PARAMETERS, null, null),
        PlatformContext.of(Map.of("platform", "cloudfoundry", "space_name", SECRET)),
        PlatformContext.of(Map.of("platform", "ibmcloud", "x", SECRET)),
        PlatformContext.of(Map.of("platform", "other", "x", SECRET)));
    for (Object value : values) {
      assertThat(value.toString()).doesNotContain(SECRET);
    }
    assertThat(AsyncWork.step("create", PARAMETERS).toString()).contains("create")
        .contains("admin_password");
  }
}
