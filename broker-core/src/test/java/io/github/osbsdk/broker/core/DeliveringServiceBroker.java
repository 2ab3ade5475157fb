package io.github.osbsdk.broker.core;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.Endpoint;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider whose asynchronous binds deliver their binding. Bind parameter {@code "mode"}:
 * {@code "task"} (a {@code BindTask} answering credentials {@code password: p-<binding id>} and
 * an endpoint), {@code "step"} (the {@code BindStep} {@value #STEP}, the password in its
 * arguments), {@code "sync"} (the same binding answered 201), {@code "syslog"} (a task
 * delivering a syslog drain URL the service does not declare), {@code "null"} (a task
 * delivering null). Provision parameter {@code "mode"}: {@code "bind-step"} names the bind step,
 * {@code "bind-task"} smuggles a bind task's work into a provision.
 */
final class DeliveringServiceBroker implements ServiceBroker {
  static final String STEP = "deliver-binding";
  static final Catalog CATALOG = Catalog.of(ServiceOffering.builder("svc-d", "delivering",
          "Binds asynchronously").bindable(true).bindingsRetrievable(true)
      .plan(Plan.builder("plan-d", "d", "The plan").build()).build());
  final AtomicInteger stepRuns = new AtomicInteger();

  /** A broker on this provider; its bind step registered. */
  static Broker.Builder builder(DeliveringServiceBroker sb) {
    return Broker.builder(sb)
        .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD))
        .bindStep(STEP, context -> sb.deliver(context.arguments()));
  }

  BindResult.Bound deliver(Map<String, Object> arguments) {
    stepRuns.incrementAndGet();
    return BindResult.bound(Map.of("password", arguments.get("password")));
  }

  static BindResult.Bound binding(String bindingId) {
    return BindResult.builder().credentials(Map.of("password", "p-" + bindingId))
        .endpoints(List.of(new Endpoint("db.example", List.of("5432"), "tcp"))).build();
  }

  @Override
  public Catalog catalog() {
    return CATALOG;
  }

  @Override
  public ProvisionResult provision(ProvisionRequest request) {
    Object mode = request.parameters().get("mode");
    if ("bind-step".equals(mode)) {
      return ProvisionResult.accepted(AsyncWork.step(STEP, Map.of("password", "x")));
    }
    if ("bind-task".equals(mode)) {
      return ProvisionResult.accepted(BindResult.accepted(() -> binding("none")).work());
    }
    return ProvisionResult.created();
  }

  @Override
  public DeprovisionResult deprovision(DeprovisionRequest request) {
    return DeprovisionResult.deleted();
  }

  @Override
  public BindResult bind(BindRequest request) {
    String id = request.bindingId();
    return switch (String.valueOf(request.parameters().get("mode"))) {
      case "task" -> BindResult.accepted(() -> binding(id));
      case "step" -> BindResult.accepted(AsyncWork.step(STEP, Map.of("password", "p-" + id)));
      case "syslog" -> BindResult.accepted(() -> BindResult.builder()
          .credentials(Map.of("password", "p")).syslogDrainUrl("syslog-tls://l.example:6514")
          .build());
      case "null" -> BindResult.accepted(() -> null);
      default -> binding(id);
    };
  }

  @Override
  public UnbindResult unbind(UnbindRequest request) {
    return UnbindResult.unbound();
  }
}
