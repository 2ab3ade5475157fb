package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import jakarta.ws.rs.core.Response;

/**
 * A provision naming a service or plan the catalog no longer has, for an instance id the registry
 * records with that service and plan: the plan or its whole service was removed after the
 * instance was made. No new instance can be made on it (there is no plan to check it against),
 * but the instance made before is still there: an identical repeat of its provision is answered
 * as recorded (OSB: 200 for an identical existing instance; 202 with its operation while its
 * asynchronous provision runs; while its synchronous provision runs, it waits for that as on a
 * plan of the catalog, {@link Repeats#provision}, and answers its outcome), another request for
 * its id gets 409 as any taken id does (OSB: it exists with different attributes), also when its
 * provision failed, and a new instance, or an identical retry of a provision that failed (it
 * would call the provider again), gets the catalog's 400 for the unknown id. The provider's
 * {@code provision} is never called. The bind path answers the same way
 * ({@link BindsOffCatalog}).
 */
final class ProvisionsOffCatalog {
  private ProvisionsOffCatalog() {}

  /**
   * @param instance the instance {@link BindsOffCatalog#instanceNamed} found
   * @param fingerprint the request's fingerprint ({@link Fingerprints#instance})
   * @param acceptsIncomplete whether the request accepts an asynchronous answer
   * @param newInstance what refuses a new instance (the catalog's 400,
   *     {@link CatalogSnapshot#refusal})
   * @return the answer to an identical repeat
   * @throws ServiceBrokerException {@code newInstance} for an identical retry of a failed
   *     provision (also of one that failed, or was refused, while this repeat waited for it),
   *     409 for a different request, 422 while the instance is being deleted or once its
   *     synchronous provision ran longer than the repeat waits ({@code AsyncRequired} without
   *     {@code accepts_incomplete} while it runs asynchronously)
   */
  static Response provision(BrokerServices services, StoredInstance instance,
      String fingerprint, boolean acceptsIncomplete, ServiceBrokerException newInstance) {
    long deadline = Repeats.deadline(services);
    StoredInstance recorded = instance;
    while (true) {
      if (recorded == null || recorded.status() == InstanceStatus.PROVISION_FAILED
          && recorded.fingerprint().equals(fingerprint)) {
        // gone (a refused provision is forgotten) or failed: only a new call could answer
        throw newInstance;
      }
      StoredOperation running = services.store().runningOperation(recorded.id())
          .filter(op -> op.bindingId() == null).orElse(null);
      Response answer = Repeats.provision(services, recorded, running, fingerprint,
          acceptsIncomplete, deadline);
      if (answer != null) {
        return answer;
      }
      // paused while a synchronous provision runs: read how it stands now
      recorded = services.store().findInstance(instance.id()).orElse(null);
    }
  }
}
