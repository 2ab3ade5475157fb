package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BindingTest {
  static final String BIND = "{\"service_id\":\"svc-1\",\"plan_id\":\"%s\","
      + "\"bind_resource\":{\"app_guid\":\"app-1\"},\"parameters\":%s}";
  private final TestServiceBroker sb = new TestServiceBroker();
  private final TestServer server = TestServer.start(sb);

  @AfterAll
  void stop() {
    server.close();
  }

  private String provisioned(String plan) {
    String id = id();
    assertThat(server.call("PUT", "/v2/service_instances/" + id).json(body(plan, "{}")).send()
        .status()).isEqualTo(201);
    return id;
  }

  private Reply bind(String iid, String bid, String json) {
    return server.call("PUT", "/v2/service_instances/" + iid + "/service_bindings/" + bid)
        .json(json).send();
  }

  @Test
  void bindCreatesThenRepeatIsOkThenDifferentIsConflict() {
    String iid = provisioned("plan-sync");
    String bid = id();
    Reply r = bind(iid, bid, String.format(BIND, "plan-sync", "{\"x\":1}"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().at("/credentials/user").asText()).isEqualTo("u");
    assertThat(r.json().at("/endpoints/0/ports/0").asText()).isEqualTo("5432");
    assertThat(bind(iid, bid, String.format(BIND, "plan-sync", "{\"x\":1}")).status())
        .isEqualTo(200);
    assertThat(bind(iid, bid, String.format(BIND, "plan-sync", "{\"x\":2}")).status())
        .isEqualTo(409);
  }

  @Test
  void bindOnNonBindablePlanIsBadRequest() {
    String iid = provisioned("plan-nobind");
    Reply r = bind(iid, id(), String.format(BIND, "plan-nobind", "{}"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).contains("not bindable");
  }

  @Test
  void bindNamingAnotherPlanThanTheInstancesIsBadRequest() {
    String nobind = provisioned("plan-nobind");
    Reply r = bind(nobind, id(), String.format(BIND, "plan-sync", "{}"));
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).contains("plan-nobind", "plan-sync");
    // nor does naming a plan without schema skip the instance plan's bind schema
    String schema = id();
    assertThat(server.call("PUT", "/v2/service_instances/" + schema)
        .json(body("plan-schema", "{\"size\":1}")).send().status()).isEqualTo(201);
    Reply unchecked = bind(schema, id(), String.format(BIND, "plan-sync", "{}"));
    assertThat(unchecked.status()).as(unchecked.toString()).isEqualTo(400);
    assertThat(bind(schema, id(), String.format(BIND, "plan-schema", "{}")).status())
        .isEqualTo(400);
    assertThat(bind(schema, id(), String.format(BIND, "plan-schema", "{\"size\":1}")).status())
        .isEqualTo(201);
  }

  @Test
  void bindWithoutIdsIsBadRequestUnlessRotating() {
    String iid = provisioned("plan-sync");
    Reply r = bind(iid, id(), "{\"plan_id\":\"plan-sync\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).contains("service_id");
    String old = id();
    assertThat(bind(iid, old, String.format(BIND, "plan-sync", "{}")).status()).isEqualTo(201);
    Reply rotated = bind(iid, id(), "{\"predecessor_binding_id\":\"" + old + "\"}");
    assertThat(rotated.status()).isEqualTo(201);
  }

  @Test
  void rotationOnAPlanWithoutBindingRotatableIsBadRequestAndReachesNoProvider() {
    String iid = provisioned("plan-fixed");
    String old = id();
    assertThat(bind(iid, old, String.format(BIND, "plan-fixed", "{}")).status()).isEqualTo(201);
    int binds = sb.bindCalls.get();
    for (String body : new String[] {"{\"predecessor_binding_id\":\"" + old + "\"}",
        "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-fixed\",\"predecessor_binding_id\":\""
            + old + "\"}"}) {
      Reply r = bind(iid, id(), body);
      assertThat(r.status()).as(r.toString()).isEqualTo(400);
      assertThat(r.json().get("description").asText())
          .isEqualTo("The service plan 'fixed' does not allow binding rotation:"
              + " 'predecessor_binding_id' is sent only for plans with binding_rotatable true.");
    }
    assertThat(sb.bindCalls.get()).isEqualTo(binds);
  }

  @Test
  void rotationOfABindingThatDoesNotExistIsBadRequestButItsRepeatIsServed() {
    String iid = provisioned("plan-sync");
    int binds = sb.bindCalls.get();
    Reply unknown = bind(iid, id(), "{\"predecessor_binding_id\":\"" + id() + "\"}");
    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
    assertThat(unknown.json().get("description").asText())
        .isEqualTo("The predecessor binding does not exist on this service instance.");
    String self = id();
    Reply own = bind(iid, self, "{\"predecessor_binding_id\":\"" + self + "\"}");
    assertThat(own.status()).as(own.toString()).isEqualTo(400);
    assertThat(sb.bindCalls.get()).isEqualTo(binds);

    String old = id();
    assertThat(bind(iid, old, String.format(BIND, "plan-sync", "{}")).status()).isEqualTo(201);
    String successor = id();
    String rotation = "{\"predecessor_binding_id\":\"" + old + "\"}";
    assertThat(bind(iid, successor, rotation).status()).isEqualTo(201);
    assertThat(server.call("DELETE", "/v2/service_instances/" + iid + "/service_bindings/" + old
        + "?service_id=svc-1&plan_id=plan-sync").send().status()).isEqualTo(200);
    Reply repeat = bind(iid, successor, rotation);
    assertThat(repeat.status()).as(repeat.toString()).isEqualTo(200);
  }

  @Test
  void requiresAppIsPassedThrough() {
    String iid = provisioned("plan-sync");
    Reply r = bind(iid, id(), "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
        + "\"parameters\":{\"fail\":\"requires-app\"}}");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("error").asText()).isEqualTo("RequiresApp");
  }

  @Test
  void fetchBindingAnswersOkOrNotFound() {
    String iid = provisioned("plan-sync");
    String bid = id();
    bind(iid, bid, String.format(BIND, "plan-sync", "{\"x\":1}"));
    Reply r = server.call("GET", "/v2/service_instances/" + iid + "/service_bindings/" + bid)
        .send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().at("/credentials/user").asText()).isEqualTo("u");
    assertThat(r.json().at("/parameters/x").asInt()).isEqualTo(1);
    assertThat(server.call("GET", "/v2/service_instances/" + iid + "/service_bindings/" + id())
        .send().status()).isEqualTo(404);
  }

  @Test
  void unbindAnswersOkThenGone() {
    String iid = provisioned("plan-sync");
    String bid = id();
    bind(iid, bid, String.format(BIND, "plan-sync", "{}"));
    String path = "/v2/service_instances/" + iid + "/service_bindings/" + bid
        + "?service_id=svc-1&plan_id=plan-sync";
    Reply r = server.call("DELETE", path).send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{}");
    assertThat(server.call("DELETE", path).send().status()).isEqualTo(410);
  }

  @Test
  void unbindNamingAnotherServiceIsBadRequestAndKeepsTheBinding() {
    String iid = provisioned("plan-sync");
    String bid = id();
    assertThat(bind(iid, bid, String.format(BIND, "plan-sync", "{}")).status()).isEqualTo(201);
    String path = "/v2/service_instances/" + iid + "/service_bindings/" + bid;
    Reply r = server.call("DELETE", path + "?service_id=svc-2&plan_id=plan-other").send();
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).contains("another service_id");
    assertThat(server.call("GET", path).send().status()).isEqualTo(200);
    assertThat(server.call("DELETE", path + "?service_id=svc-1&plan_id=plan-fixed").send()
        .status()).isEqualTo(200);
  }

  @Test
  void unbindWithoutServiceOrPlanQueryIsBadRequest() {
    String iid = provisioned("plan-sync");
    Reply r = server.call("DELETE", "/v2/service_instances/" + iid + "/service_bindings/"
        + id() + "?service_id=svc-1").send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).contains("plan_id");
  }

  @Test
  void crnBindingIdsRoundTripUnchanged() {
    String iid = "crn%3Av1%3Abluemix%3Apublic%3Asvc%3Aus-south%3Aa%2Facct%3Ainst%3A%3A";
    assertThat(server.call("PUT", "/v2/service_instances/" + iid)
        .json(body("plan-sync", "{}")).send().status()).isEqualTo(201);
    String bid = "crn%3Av1%3Abluemix%3Apublic%3Asvc%3Aus-south%3Aa%2Facct%3Ainst"
        + "%3Aresource-key%3Ak1";
    assertThat(bind(iid, bid, String.format(BIND, "plan-sync", "{}")).status()).isEqualTo(201);
    assertThat(sb.bindings).containsKey("crn:v1:bluemix:public:svc:us-south:a/acct:inst::/"
        + "crn:v1:bluemix:public:svc:us-south:a/acct:inst:resource-key:k1");
  }

  @Test
  void bindParametersFailingThePlanSchemaAreBadRequest() {
    String iid = id();
    assertThat(server.call("PUT", "/v2/service_instances/" + iid)
        .json(body("plan-schema", "{\"size\":1}")).send().status()).isEqualTo(201);
    Reply r = bind(iid, id(), String.format(BIND, "plan-schema", "{\"size\":[]}"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).contains("size");
    assertThat(bind(iid, id(), String.format(BIND, "plan-schema", "{\"size\":2}")).status())
        .isEqualTo(201);
  }

  @Test
  void bindingLastOperationDropsInstanceFlagsAndPassesTheOperationDecoded() {
    String iid = provisioned("plan-sync");
    String bpath = "/v2/service_instances/" + iid + "/service_bindings/" + id();
    Reply accepted = server.call("PUT", bpath + "?accepts_incomplete=true")
        .json(String.format(BIND, "plan-sync", "{\"fail\":\"provider\"}")).send();
    assertThat(accepted.status()).isEqualTo(202);
    String op = accepted.json().get("operation").asText();
    Reply r = server.call("GET", bpath + "/last_operation?operation="
        + java.net.URLEncoder.encode(op, java.nio.charset.StandardCharsets.UTF_8)
        + "&service_id=svc-1").send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("state").asText()).isEqualTo("failed");
    assertThat(r.json().get("description").asText()).isEqualTo("bind failed");
    assertThat(r.json().has("instance_usable")).isFalse();
    assertThat(r.json().has("update_repeatable")).isFalse();
    assertThat(r.header("Retry-After")).as("a final answer: no more polls").isNull();
    assertThat(sb.lastOperationParam).isEqualTo("bind-op-1");
    assertThat(server.call("GET", bpath).send().status()).isEqualTo(404);
  }

  /**
   * Spec (Binding; Fetching a Service Binding): a 202 carries no credentials, and the platform
   * gets them by fetching the binding, which only a service declaring bindings_retrievable
   * offers. An asynchronous bind of a service without it could never hand its credentials over:
   * the SDK refuses it (422, naming the flag) without starting the task or step and leaves no
   * binding. (Provider-tracked work, which the provider started already, is answered 500 and
   * kept as failed: {@code ProviderTrackedBindWithoutRetrievableTest}.)
   */
  @Test
  void asyncBindOfAServiceWithoutBindingsRetrievableIsRefusedWithoutStartingTheWork() {
    Catalog notRetrievable = Catalog.of(ServiceOffering
        .builder(TestServiceBroker.SERVICE, "test-service", "A test service").bindable(true)
        .plan(Plan.builder("plan-sync", "sync", "Synchronous plan").build()).build());
    AtomicInteger taskRuns = new AtomicInteger();
    TestServiceBroker provider = new TestServiceBroker() {
      @Override
      public Catalog catalog() {
        return notRetrievable;
      }

      @Override
      public BindResult bind(BindRequest request) {
        return switch (String.valueOf(request.parameters().get("work"))) {
          case "task" -> BindResult.accepted(() -> {
            taskRuns.incrementAndGet();
            return BindResult.bound(null);
          });
          case "step" -> BindResult.accepted(AsyncWork.step("bind", Map.of()));
          default -> BindResult.bound(Map.of("user", "u"));
        };
      }
    };
    try (TestServer s = new TestServer(Broker.builder(provider)
        .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD))
        .step("bind", ctx -> taskRuns.incrementAndGet()).build())) {
      String iid = id();
      assertThat(s.call("PUT", "/v2/service_instances/" + iid).json(body("plan-sync", "{}"))
          .send().status()).isEqualTo(201);
      String bpath = "/v2/service_instances/" + iid + "/service_bindings/b";
      for (String work : new String[] {"task", "step"}) {
        Reply r = s.call("PUT", bpath + "?accepts_incomplete=true").json(String.format(BIND,
            "plan-sync", "{\"work\":\"" + work + "\"}")).send();
        assertThat(r.status()).as(work + ": " + r).isEqualTo(422);
        assertThat(r.json().get("description").asText()).contains("bindings_retrievable");
        assertThat(r.json().has("operation")).isFalse();
        assertThat(s.broker.store().findBinding(iid, "b")).as(work).isEmpty();
      }
      assertThat(taskRuns.get()).isZero();
      Reply sync = s.call("PUT", bpath + "?accepts_incomplete=true")
          .json(String.format(BIND, "plan-sync", "{}")).send();
      assertThat(sync.status()).as(sync.toString()).isEqualTo(201);
    }
  }

  @Test
  void bindAnswerWithSyslogDrainUrlOnAServiceWithoutRequiresIsRefused() {
    // spec (Binding, response body): syslog_drain_url needs "requires":["syslog_drain"] in the
    // catalog; svc-1 declares no requires
    String iid = provisioned("plan-sync");
    String bid = id();
    Reply r = bind(iid, bid, String.format(BIND, "plan-sync", "{\"fail\":\"syslog\"}"));
    assertThat(r.status()).as(r.toString()).isEqualTo(500);
    assertThat(r.json().has("syslog_drain_url")).isFalse();
    assertThat(r.json().has("credentials")).isFalse();
    assertThat(server.call("GET", "/v2/service_instances/" + iid + "/service_bindings/" + bid)
        .send().status()).isEqualTo(404);
  }

  @Test
  void bindAnswerWithAnEndpointWithoutPortsIsRefused() {
    // spec (Endpoint object): ports* "A non-empty array"; protocol tcp, udp or all
    String iid = provisioned("plan-sync");
    Reply r = bind(iid, id(), String.format(BIND, "plan-sync", "{\"fail\":\"no-ports\"}"));
    assertThat(r.status()).as(r.toString()).isEqualTo(500);
    assertThat(r.json().has("endpoints")).isFalse();
  }

  @Test
  void bindAnswerWithAPortThatIsNeitherAPortNorARangeIsRefusedAndLeavesNoBinding() {
    // spec (Endpoint object): ports "Each element is either a single port (for example "443")
    // or a port range (for example "9000-9010")"
    String iid = provisioned("plan-sync");
    for (String port : new String[] {"99999", "abc", "", "0", "10-5", "-1", "1-2-3"}) {
      String bid = id();
      String params = "{\"fail\":\"port\",\"port\":\"" + port + "\"}";
      Reply r = bind(iid, bid, String.format(BIND, "plan-sync", params));
      assertThat(r.status()).as(port + " " + r).isEqualTo(500);
      assertThat(server.call("GET", "/v2/service_instances/" + iid + "/service_bindings/" + bid)
          .send().status()).isEqualTo(404);
    }
    for (String port : new String[] {"443", "9000-9010", "65535", "1-65535", "8080-8080"}) {
      String params = "{\"fail\":\"port\",\"port\":\"" + port + "\"}";
      Reply r = bind(iid, id(), String.format(BIND, "plan-sync", params));
      assertThat(r.status()).as(port + " " + r).isEqualTo(201);
      assertThat(r.json().at("/endpoints/0/ports/1").asText()).isEqualTo(port);
    }
  }

  @Test
  void bindAnswerWithAnEndpointHostHoldingWhiteSpaceIsRefusedAndLeavesNoBinding() {
    // spec (Endpoint object): host* "A host name or a single IP address"
    String iid = provisioned("plan-sync");
    for (String host : new String[] {"db example.com", "db.example.com\\n", "\\t",
        "db.example.com\\u0000"}) {
      String bid = id();
      String params = "{\"fail\":\"host\",\"host\":\"" + host + "\"}";
      Reply r = bind(iid, bid, String.format(BIND, "plan-sync", params));
      assertThat(r.status()).as(host + " " + r).isEqualTo(500);
      assertThat(server.call("GET", "/v2/service_instances/" + iid + "/service_bindings/" + bid)
          .send().status()).isEqualTo(404);
    }
    for (String host : new String[] {"db.example.com", "10.0.0.5", "2001:db8::1"}) {
      String params = "{\"fail\":\"host\",\"host\":\"" + host + "\"}";
      Reply r = bind(iid, id(), String.format(BIND, "plan-sync", params));
      assertThat(r.status()).as(host + " " + r).isEqualTo(201);
      assertThat(r.json().at("/endpoints/0/host").asText()).isEqualTo(host);
    }
  }

  @Test
  void providerCheckedExceptionOnBindIsGenericInternalErrorAndLeavesAFailedBinding() {
    String iid = provisioned("plan-sync");
    String bid = id();
    Reply r = bind(iid, bid, String.format(BIND, "plan-sync", "{\"fail\":\"checked\"}"));
    assertThat(r.status()).as(r.toString()).isEqualTo(500);
    assertThat(r.json().get("description").asText()).isNotBlank();
    assertThat(r.body()).doesNotContain("secret").doesNotContain("IOException");
    assertThat(bind(iid, bid, String.format(BIND, "plan-sync", "{\"x\":1}")).status())
        .isEqualTo(409);
    // the unbind reaches the provider, which answers gone: it made nothing
    assertThat(server.call("DELETE", "/v2/service_instances/" + iid + "/service_bindings/" + bid
        + "?service_id=svc-1&plan_id=plan-sync").send().status()).isEqualTo(410);
    assertThat(bind(iid, bid, String.format(BIND, "plan-sync", "{\"x\":1}")).status())
        .isEqualTo(201);
  }
}
