package io.github.osbsdk.broker.store.jdbc.review;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.StepContext;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.context.IbmCloudContext;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.FetchInstanceRequest;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.api.instance.InstanceMetadata;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.api.state.InstanceStateRequest;
import io.github.osbsdk.broker.core.Broker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The review's provider, written from the README and the Javadoc alone: a message-queue service
 * with a synchronous plan ({@code small}), an asynchronous one whose provision is a resumable step
 * and whose binds deliver their key from a {@code BindStep} ({@code large}), and one whose
 * cluster jobs the provider tracks itself ({@code dedicated}).
 */
final class QueueServiceBroker implements ServiceBroker {
  static final String CREATE_QUEUE = "create-queue";
  static final String ISSUE_KEY = "issue-key";

  private final QueueBackend backend;

  QueueServiceBroker(QueueBackend backend) {
    this.backend = backend;
  }

  /** Registers the provider's steps on a builder: the same names on every replica. */
  Broker.Builder steps(Broker.Builder builder) {
    return builder.step(CREATE_QUEUE, this::createQueue)
        .bindStep(ISSUE_KEY, this::issueKey);
  }

  @Override
  public Catalog catalog() {
    return QueueCatalog.CATALOG;
  }

  @Override
  public ProvisionResult provision(ProvisionRequest request) {
    int partitions = partitions(request.parameters(), 1);
    if ("reserved".equals(request.parameters().get("name"))) {
      throw ServiceBrokerException.conflict("A queue named 'reserved' exists in this account.");
    }
    if (partitions > 4 && QueueCatalog.SMALL.equals(request.planId())) {
      throw ServiceBrokerException.badRequest("The small plan has at most 4 partitions.");
    }
    String dashboard = dashboard(request.instanceId());
    switch (request.planId()) {
      case QueueCatalog.SMALL -> {
        backend.createQueue(request.instanceId(), partitions);
        return ProvisionResult.created(dashboard)
            .withMetadata(new InstanceMetadata(labels(request), null));
      }
      case QueueCatalog.LARGE -> {
        requireAsync(request.acceptsIncomplete());
        return ProvisionResult.accepted(AsyncWork.step(CREATE_QUEUE,
            Map.of("partitions", partitions))).withDashboardUrl(dashboard);
      }
      default -> {
        requireAsync(request.acceptsIncomplete());
        boolean fails = Boolean.TRUE.equals(request.parameters().get("fail"));
        return ProvisionResult.accepted(AsyncWork.trackedByProvider(
            backend.startJob(request.instanceId(), false, fails)));
      }
    }
  }

  private static Map<String, Object> labels(ProvisionRequest request) {
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("account", account(request));
    var identity = request.requestContext().originatingIdentity();
    if (identity != null && identity.iamId() != null) {
      labels.put("creator", identity.iamId());
    }
    return labels;
  }

  private static String account(ProvisionRequest request) {
    if (request.context() instanceof IbmCloudContext ibm && ibm.accountId() != null) {
      return ibm.accountId();
    }
    return "none";
  }

  private void createQueue(StepContext context) {
    backend.createQueue(context.instanceId(),
        ((Number) context.arguments().get("partitions")).intValue());
  }

  @Override
  public DeprovisionResult deprovision(DeprovisionRequest request) {
    if (QueueCatalog.DEDICATED.equals(request.instance().planId())) {
      requireAsync(request.acceptsIncomplete());
      return DeprovisionResult.accepted(AsyncWork.trackedByProvider(
          backend.startJob(request.instanceId(), true, false)));
    }
    if (!backend.deleteQueue(request.instanceId())) {
      throw ServiceBrokerException.gone("The queue does not exist.");
    }
    return DeprovisionResult.deleted();
  }

  @Override
  public UpdateResult update(UpdateRequest request) {
    int partitions = partitions(request.parameters(),
        partitions(request.instance().parameters(), 1));
    QueueBackend.Queue queue = backend.queue(request.instanceId());
    if (queue != null && partitions < queue.partitions()) {
      throw ServiceBrokerException.unprocessable("Partitions cannot be removed from a queue.")
          .withInstanceUsable(true).withUpdateRepeatable(false);
    }
    if (request.changesPlan() && QueueCatalog.LARGE.equals(request.resultingPlanId())) {
      requireAsync(request.acceptsIncomplete());
      String id = request.instanceId();
      return UpdateResult.accepted(AsyncWork.task(() -> backend.resize(id, partitions)));
    }
    backend.resize(request.instanceId(), partitions);
    return UpdateResult.updated();
  }

  @Override
  public InstanceDetails fetchInstance(FetchInstanceRequest request) {
    InstanceDetails recorded = request.recorded();
    QueueBackend.Queue queue = backend.queue(request.instanceId());
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("partitions", queue == null ? 0 : queue.partitions());
    attributes.put("disabled", !request.instance().enabled());
    Map<String, Object> labels = recorded.metadata() == null ? null
        : recorded.metadata().labels();
    return recorded.withMetadata(new InstanceMetadata(labels, attributes));
  }

  @Override
  public LastOperation lastOperation(LastOperationRequest request) {
    QueueBackend.Job job = backend.job(request.operation());
    if (job == null) {
      throw ServiceBrokerException.notFound("No such cluster job.");
    }
    if (job.pollsLeft.decrementAndGet() > 0) {
      return LastOperation.inProgress("The cluster is working.");
    }
    if (job.fails) {
      return LastOperation.failed("The cluster has no capacity left.");
    }
    if (job.delete) {
      backend.deleteQueue(job.instanceId);
      throw ServiceBrokerException.gone("The queue is deleted.");
    }
    backend.createQueue(job.instanceId, 8);
    return LastOperation.succeeded();
  }

  @Override
  public BindResult bind(BindRequest request) {
    if (!request.instance().enabled()) {
      throw ServiceBrokerException.unprocessable("The instance is disabled.");
    }
    if ("app".equals(request.parameters().get("mode"))
        && (request.bindResource() == null || request.bindResource().appGuid() == null)) {
      throw ServiceBrokerException.requiresApp();
    }
    if (QueueCatalog.LARGE.equals(request.planId()) && request.acceptsIncomplete()) {
      return BindResult.accepted(AsyncWork.step(ISSUE_KEY, Map.of()));
    }
    return BindResult.bound(credentials(request.instanceId(),
        backend.issueKey(request.instanceId(), request.bindingId())));
  }

  private BindResult.Bound issueKey(StepContext context) {
    return BindResult.bound(credentials(context.instanceId(),
        backend.issueKey(context.instanceId(), context.bindingId())));
  }

  @Override
  public BindingDetails fetchBinding(FetchBindingRequest request) {
    // credentials are stored by the SDK (storeCredentials): the recorded answer holds them; a
    // repeated bind must get the binding (200) even when its key was revoked
    if (!request.repeatedBind() && backend.key(request.instanceId(), request.bindingId()) == null
        && backend.hasQueue(request.instanceId())) {
      throw ServiceBrokerException.notFound("The access key was revoked.");
    }
    return request.recorded();
  }

  @Override
  public UnbindResult unbind(UnbindRequest request) {
    if (!backend.revokeKey(request.instanceId(), request.bindingId())) {
      throw ServiceBrokerException.gone("The access key does not exist.");
    }
    return UnbindResult.unbound();
  }

  @Override
  public void instanceStateChanged(InstanceStateRequest request) {
    backend.setDisabled(request.instanceId(), !request.state().enabled());
  }

  private static Map<String, Object> credentials(String instanceId, String key) {
    return Map.of("url", dashboard(instanceId), "api_key", key);
  }

  private static String dashboard(String instanceId) {
    return "https://queues.example.com/dashboard/"
        + URLEncoder.encode(instanceId, StandardCharsets.UTF_8);
  }

  private static int partitions(Map<String, Object> parameters, int fallback) {
    Object value = parameters.get("partitions");
    return value instanceof Number n ? n.intValue() : fallback;
  }

  private static void requireAsync(boolean acceptsIncomplete) {
    if (!acceptsIncomplete) {
      throw ServiceBrokerException.asyncRequired();
    }
  }
}
