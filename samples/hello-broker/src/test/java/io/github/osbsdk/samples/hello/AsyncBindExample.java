package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.StepContext;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.BrokerStore;
import java.util.Map;
import javax.crypto.SecretKey;

/** The README's asynchronous binds that deliver their credentials, compiled. */
final class AsyncBindExample {
  /** The provider's own back end: where database users are really made. */
  interface Users {
    /** Creates the user if it does not exist yet and returns its password. */
    String ensureUser(String name) throws InterruptedException;
  }

  private final Users users;

  AsyncBindExample(Users users) {
    this.users = users;
  }

  // tag::async-bind[]
  // in your ServiceBroker (the service declares bindings_retrievable: the platform fetches the
  // binding once the bind succeeded)
  public BindResult bind(BindRequest request) {
    if (!request.acceptsIncomplete()) {
      throw ServiceBrokerException.asyncRequired();
    }
    String user = "u-" + request.bindingId().hashCode();
    if ("resumable".equals(request.parameters().get("mode"))) {
      // a BindStep, registered with bindStep: another replica runs it again after a stop
      return BindResult.accepted(AsyncWork.step("create-user", Map.of("user", user)));
    }
    // a BindTask: runs on this replica; what it returns is the binding
    return BindResult.accepted(() -> BindResult.bound(
        Map.of("username", user, "password", users.ensureUser(user))));
  }

  // the BindStep: idempotent like any step; what it returns is recorded as a 201's credentials
  BindResult.Bound createUser(StepContext step) throws Exception {
    String user = (String) step.arguments().get("user");
    return BindResult.bound(Map.of("username", user, "password", users.ensureUser(user)));
  }
  // end::async-bind[]

  static Broker broker(MyServiceBroker provider, AsyncBindExample binds, BrokerStore store,
      SecretKey key) {
    // tag::async-bind-register[]
    return Broker.builder(provider)
        .store(store)
        .storeCredentials(key)                         // else fetchBinding must supply them
        .bindStep("create-user", binds::createUser)    // bindStep, not step: it delivers
        .authenticator(BasicAuthenticator.of("broker", "secret"))
        .build();
    // end::async-bind-register[]
  }
}
