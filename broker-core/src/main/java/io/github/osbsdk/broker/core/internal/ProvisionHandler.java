package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.context.PlatformContext;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResponse;
import io.github.osbsdk.broker.core.async.OperationKind;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Supplier;

/** {@code PUT /v2/service_instances/:instance_id}. */
final class ProvisionHandler {
  private final BrokerServices s;

  ProvisionHandler(BrokerServices services) {
    this.s = services;
  }

  Response provision(String rawInstanceId, String acceptsIncompleteParam, String contentType,
      String contentLength, RequestContext rc, InputStream in) {
    String instanceId = Ids.decode(rawInstanceId, "instance_id");
    boolean acceptsIncomplete = Calls.acceptsIncomplete(acceptsIncompleteParam);
    ObjectNode body = s.bodies().readObject(contentType, contentLength, in);
    JsonFields f = s.fields();
    String serviceId = f.string(body, "service_id", true);
    String planId = f.string(body, "plan_id", true);
    Map<String, Object> context = f.object(body, "context");
    String org = f.string(body, "organization_guid", context == null);
    String space = f.string(body, "space_guid", context == null);
    ObjectNode parametersNode = f.objectNode(body, "parameters");
    Map<String, Object> parameters = parametersNode == null ? null : f.toMap(parametersNode);
    MaintenanceInfo maintenanceInfo =
        f.maintenanceInfo(body, "maintenance_info", "maintenance_info");
    CatalogSnapshot catalog = s.catalogs().current();
    CatalogSnapshot.Entry entry = catalog.plan(serviceId, planId);
    catalog.parameters().validateProvisionTree(planId, parametersNode);
    Calls.checkMaintenanceInfo(entry.plan(), maintenanceInfo);
    PlatformContext platform = context == null ? null : PlatformContext.of(context);
    RequestContext ctx = Calls.withPlatform(rc, platform);

    Supplier<String> fingerprint =
        Calls.lazyFingerprint(s, "provision " + acceptsIncomplete, body);
    String running =
        s.async().joinOrRefuse(instanceId, OperationKind.PROVISION, null, fingerprint);
    if (running != null) {
      return Calls.json(202, Map.of("operation", running));
    }
    ProvisionResponse r;
    try {
      r = s.broker().provision(new ProvisionRequest(instanceId, entry.service(), entry.plan(),
          platform, parameters, maintenanceInfo, org, space, acceptsIncomplete, ctx));
    } catch (ServiceBrokerException e) {
      throw Calls.sanitize(e, false, false);
    }
    Calls.requireAnswer(r, "provision", ctx);
    if (!r.async()) {
      s.states().register(instanceId);
      return Calls.json(r.alreadyExists() ? 200 : 201, r);
    }
    Calls.requireAsyncAccepted(acceptsIncomplete, "provision", ctx);
    if (r.task() != null) {
      String op = s.async().start(OperationKind.PROVISION, instanceId, null,
          fingerprint.get(), ctx.requestId(), r.task(), () -> s.states().register(instanceId));
      return Calls.json(202, new ProvisionResponse(r.dashboardUrl(), op, r.metadata(), true,
          false, null));
    }
    Calls.checkOperation(r.operation(), ctx);
    s.pending().put(instanceId, OperationKind.PROVISION);
    return Calls.json(202, r);
  }
}
