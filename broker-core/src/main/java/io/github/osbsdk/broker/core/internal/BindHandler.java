package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResource;
import io.github.osbsdk.broker.api.binding.BindResponse;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.context.PlatformContext;
import io.github.osbsdk.broker.api.state.InstanceState;
import io.github.osbsdk.broker.core.async.OperationKind;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code PUT .../service_bindings/:binding_id}: refuses binds on disabled instances (422) and on
 * plans that are not bindable (400); a rotation ({@code predecessor_binding_id}) may omit
 * {@code service_id} and {@code plan_id}.
 */
final class BindHandler {
  private final BrokerServices s;

  BindHandler(BrokerServices services) {
    this.s = services;
  }

  Response bind(String rawInstanceId, String rawBindingId, String acceptsIncompleteParam,
      String contentType, String contentLength, RequestContext rc, InputStream in) {
    String instanceId = Ids.decode(rawInstanceId, "instance_id");
    String bindingId = Ids.decode(rawBindingId, "binding_id");
    boolean acceptsIncomplete = Calls.acceptsIncomplete(acceptsIncompleteParam);
    ObjectNode body = s.bodies().readObject(contentType, contentLength, in);
    JsonFields f = s.fields();
    String predecessor = f.string(body, "predecessor_binding_id", false);
    String serviceId = f.string(body, "service_id", predecessor == null);
    String planId = f.string(body, "plan_id", predecessor == null);
    Map<String, Object> context = f.object(body, "context");
    Map<String, Object> bindResource = f.object(body, "bind_resource");
    Map<String, Object> parameters = f.object(body, "parameters");

    CatalogSnapshot catalog = s.catalogs().current();
    ServiceOffering service = null;
    Plan plan = null;
    if (planId != null) {
      CatalogSnapshot.Entry entry =
          serviceId != null ? catalog.plan(serviceId, planId) : catalog.plan(planId);
      service = entry.service();
      plan = entry.plan();
    } else if (serviceId != null) {
      service = catalog.service(serviceId);
    }
    if (acceptsIncomplete) {
      Calls.gate(s.strictVersionGating(), rc, "Asynchronous binding");
    }
    Optional<InstanceState> state = s.states().find(instanceId);
    if (state.isPresent() && !state.get().enabled()) {
      throw ServiceBrokerException.unprocessable("The service instance is disabled; new"
          + " bindings are refused until it is enabled again.");
    }
    if (plan != null && !service.isBindable(plan)) {
      throw ServiceBrokerException.badRequest("The service plan '" + plan.name()
          + "' is not bindable.");
    }
    if (plan != null) {
      catalog.parameters().validateBind(plan.id(), parameters);
    }
    PlatformContext platform = context == null ? null : PlatformContext.of(context);
    RequestContext ctx = Calls.withPlatform(rc, platform);

    Supplier<String> fingerprint =
        Calls.lazyFingerprint(s, "bind " + acceptsIncomplete, body);
    String running =
        s.async().joinOrRefuse(instanceId, OperationKind.BIND, bindingId, fingerprint);
    if (running != null) {
      return Calls.json(202, Map.of("operation", running));
    }
    BindResponse r;
    try {
      r = s.broker().bind(new BindRequest(instanceId, bindingId, service, plan, platform,
          bindResource == null ? null : new BindResource(bindResource), parameters, predecessor,
          acceptsIncomplete, ctx));
    } catch (ServiceBrokerException e) {
      throw Calls.sanitize(e, false, false);
    }
    Calls.requireAnswer(r, "bind", ctx);
    if (!r.async()) {
      return Calls.json(r.alreadyExists() ? 200 : 201, r);
    }
    Calls.requireAsyncAccepted(acceptsIncomplete, "bind", ctx);
    if (r.credentials() != null) {
      throw Calls.providerBug("bind answered 202 with credentials; asynchronous bindings"
          + " return credentials only from fetchBinding", ctx);
    }
    if (r.task() != null) {
      String op = s.async().start(OperationKind.BIND, instanceId, bindingId,
          fingerprint.get(), ctx.requestId(), r.task(), () -> { });
      return Calls.json(202, Map.of("operation", op));
    }
    Calls.checkOperation(r.operation(), ctx);
    return Calls.json(202, r);
  }
}
