package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.StepContext;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.BrokerStore;
import java.util.Map;

/** The README's resumable step, compiled (checked by {@link ReadmeSnippetsTest}). */
final class ResumableStepExample {
  /** The provider's own back end: where databases are really made. */
  interface Databases {
    boolean exists(String name);

    void create(String name) throws InterruptedException;
  }

  private final Databases databases;

  ResumableStepExample(Databases databases) {
    this.databases = databases;
  }

  // tag::resumable-step[]
  // in your ServiceBroker: answer 202 and name the work instead of running a lambda
  public ProvisionResult provision(ProvisionRequest request) {
    if (!request.acceptsIncomplete()) {   // 202 only when the platform accepts it
      throw ServiceBrokerException.asyncRequired();   // 422 AsyncRequired
    }
    return ProvisionResult.accepted(AsyncWork.step("create-database",
        Map.of("name", "db-" + request.instanceId().hashCode())));   // JSON arguments only
  }

  // the step: the replica that accepted the request runs it; if that replica stops, another one
  // takes the operation over once its lease has expired and runs the step AGAIN with the same
  // arguments, so it must be idempotent: look at what exists before you make it
  void createDatabase(StepContext step) throws Exception {
    String name = (String) step.arguments().get("name");
    if (!databases.exists(name)) {         // step.attempt() > 1 when resumed
      databases.create(name);              // return normally: "succeeded"; throw: "failed"
    }
  }
  // end::resumable-step[]

  static Broker broker(MyServiceBroker provider, ResumableStepExample steps, BrokerStore store) {
    // tag::resumable-register[]
    return Broker.builder(provider)
        .store(store)                                       // e.g. PostgresBrokerStore
        .step("create-database", steps::createDatabase)     // same name on every replica
        .authenticator(BasicAuthenticator.of("broker", "secret"))
        .build();
    // end::resumable-register[]
  }
}
