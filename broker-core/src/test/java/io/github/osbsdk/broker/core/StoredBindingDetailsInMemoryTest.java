package io.github.osbsdk.broker.core;

import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.store.Begin;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.time.Instant;
import java.util.UUID;

/**
 * {@link StoredBindingDetailsContract} on the in-memory store: the row is rewritten through the
 * store's own begin and finish, past the SDK's checks.
 */
class StoredBindingDetailsInMemoryTest extends StoredBindingDetailsContract {
  private final InMemoryBrokerStore store = new InMemoryBrokerStore();

  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    return Broker.builder(provider).store(store);
  }

  @Override
  protected void writeDetails(String instanceId, String bindingId, String details) {
    Instant now = Instant.now();
    StoredOperation op = StoredOperation.start(UUID.randomUUID().toString(), instanceId,
        bindingId, OperationType.UNBIND, "rewrite", "test", now.plusSeconds(60), null, null, now);
    StoredBinding row = ((Begin.Started) store.beginOperation(op)).binding();
    if (!store.finishOperation(Finish.of(op, OperationStatus.FAILED, null, null, null, false,
        Finish.RowChange.none(), Finish.RowChange.put(row.withResult(details,
            row.credentials())), now))) {
      throw new IllegalStateException("the rewrite was not written");
    }
  }
}
