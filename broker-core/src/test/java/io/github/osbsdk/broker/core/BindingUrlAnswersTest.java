package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Over real HTTP: a bind answer's {@code syslog_drain_url} must be an absolute URL with a host
 * (the platform streams logs to it) and its {@code route_service_url} an absolute {@code https}
 * URL with a host (Cloud Foundry's Cloud Controller refuses a binding with another scheme), both
 * without white space. Another one is a provider bug (500) that leaves a failed binding, whose
 * unbind reaches the provider, instead of a binding the SDK records and the platform refuses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BindingUrlAnswersTest {
  private static final String SERVICE = "svc-urls";
  private static final String PLAN = "plan-urls";
  private static final String QUERY = "?service_id=" + SERVICE + "&plan_id=" + PLAN;

  /** Binds with the URLs the test put under the bind's {@code answer} parameter key. */
  private static final class Provider extends ImmediateInstancesProvider {
    final Map<String, String[]> urls = new ConcurrentHashMap<>();
    final Map<String, String> fetchedRoute = new ConcurrentHashMap<>();
    final AtomicInteger unbinds = new AtomicInteger();

    Provider() {
      super(Catalog.of(ServiceOffering.builder(SERVICE, "urls", "Logs and routes")
          .bindable(true).bindingsRetrievable(true).requires("syslog_drain", "route_forwarding")
          .plan(Plan.builder(PLAN, "standard", "Standard").build()).build()));
    }

    @Override
    public BindResult bind(BindRequest request) {
      String[] answer = urls.get((String) request.parameters().get("answer"));
      return BindResult.builder().credentials(Map.of("user", "u"))
          .syslogDrainUrl(answer[0]).routeServiceUrl(answer[1]).build();
    }

    @Override
    public BindingDetails fetchBinding(FetchBindingRequest request) {
      String route = fetchedRoute.get(request.bindingId());
      return route == null ? request.recorded() : request.recorded().withRouteServiceUrl(route);
    }

    @Override
    public UnbindResult unbind(UnbindRequest request) {
      unbinds.incrementAndGet();
      return UnbindResult.unbound();
    }
  }

  private final Provider provider = new Provider();
  private final TestServer server = new TestServer(Broker.builder(provider)
      .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD)).build());
  private final String instance = "/v2/service_instances/" + UUID.randomUUID();

  @AfterAll
  void stop() {
    server.close();
  }

  /** Binds answering these URLs; returns the binding's path and the answer. */
  private Map.Entry<String, Reply> bound(String syslogDrainUrl, String routeServiceUrl) {
    if (server.call("GET", instance).send().status() == 404) {
      Reply created = server.call("PUT", instance).json("{\"service_id\":\"" + SERVICE
          + "\",\"plan_id\":\"" + PLAN + "\",\"context\":{\"platform\":\"test\"}}").send();
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }
    String key = UUID.randomUUID().toString();
    provider.urls.put(key, new String[] {syslogDrainUrl, routeServiceUrl});
    String binding = instance + "/service_bindings/" + UUID.randomUUID();
    Reply r = server.call("PUT", binding).json("{\"service_id\":\"" + SERVICE
        + "\",\"plan_id\":\"" + PLAN + "\",\"bind_resource\":{\"route\":\"app.example.com\"},"
        + "\"parameters\":{\"answer\":\"" + key + "\"}}").send();
    return Map.entry(binding, r);
  }

  private void refusedWithAFailedBindingWhoseUnbindReachesTheProvider(String syslogDrainUrl,
      String routeServiceUrl) {
    Map.Entry<String, Reply> b = bound(syslogDrainUrl, routeServiceUrl);
    String what = syslogDrainUrl + " / " + routeServiceUrl + ": ";

    assertThat(b.getValue().status()).as(what + b.getValue()).isEqualTo(500);
    assertThat(server.call("GET", b.getKey()).send().status()).as(what).isEqualTo(404);
    int before = provider.unbinds.get();
    assertThat(server.call("DELETE", b.getKey() + QUERY).send().status()).as(what)
        .isEqualTo(200);
    assertThat(provider.unbinds.get()).as(what).isEqualTo(before + 1);
  }

  @Test
  void wellFormedSyslogDrainAndRouteServiceUrlsAreAnswered() {
    for (String syslog : new String[] {"syslog-tls://logs.example.com:6514",
        "syslog://10.0.0.5:514", "https://logs.example.com/drain?token=a"}) {
      Map.Entry<String, Reply> b = bound(syslog, "https://proxy.example.com/route");

      assertThat(b.getValue().status()).as(syslog + ": " + b.getValue()).isEqualTo(201);
      assertThat(b.getValue().json().get("syslog_drain_url").asText()).isEqualTo(syslog);
    }
  }

  @Test
  void aRouteServiceUrlThatIsNotHttpsIsRefused() {
    for (String route : new String[] {"http://proxy.example.com", "proxy.example.com",
        "https:///no-host", "https://proxy.example.com/a b", "ftp://proxy.example.com"}) {
      refusedWithAFailedBindingWhoseUnbindReachesTheProvider(null, route);
    }
  }

  @Test
  void aSyslogDrainUrlThatIsNotAnAbsoluteUrlIsRefused() {
    for (String syslog : new String[] {"logs.example.com:514", "/var/log/app",
        "syslog://logs.example.com:514\nX-Injected: 1", "syslog-tls://", ""}) {
      refusedWithAFailedBindingWhoseUnbindReachesTheProvider(syslog, null);
    }
  }

  @Test
  void aFetchThatAddsAnHttpRouteServiceUrlIsRefused() {
    Map.Entry<String, Reply> b = bound(null, null);
    assertThat(b.getValue().status()).isEqualTo(201);
    provider.fetchedRoute.put(b.getKey().substring(b.getKey().lastIndexOf('/') + 1),
        "http://proxy.example.com");

    Reply fetched = server.call("GET", b.getKey()).send();

    assertThat(fetched.status()).as(fetched.toString()).isEqualTo(500);
  }
}
