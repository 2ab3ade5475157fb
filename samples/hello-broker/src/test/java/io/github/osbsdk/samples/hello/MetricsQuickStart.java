package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.health.BrokerHealth;
import io.github.osbsdk.broker.core.health.HealthReport;
import io.github.osbsdk.broker.iam.IamAuthenticator;
import io.github.osbsdk.broker.iam.IamConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;

/** The README's metrics and health snippet, compiled (region {@code metrics}). */
final class MetricsQuickStart {
  private MetricsQuickStart() {}

  static HealthReport wire(ServiceBroker myBroker, IamConfig iam) {
    // tag::metrics[]
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    IamAuthenticator auth = IamAuthenticator.builder(iam)
        .allowedIdentities(Set.of("crn-crn:v1:bluemix:public:my-service::a/<account>::"))
        .meterRegistry(registry) // osb.iam.*
        .build();
    Broker broker = Broker.builder(myBroker).authenticator(auth)
        .meterRegistry(registry) // osb.requests, osb.registry.answers, osb.operations*
        .build();
    BrokerHealth health = BrokerHealth.builder()
        .component("store", broker.storeHealthCheck())
        .component("iam", auth.keysHealth())
        // .component("metering", usageReporter.health()) with broker-metering
        .build();
    // serve registry.scrape() as GET /metrics and, for GET /health:
    HealthReport report = health.check(); // report.httpStatus() 200 or 503, report.toJson()
    // end::metrics[]
    broker.close();
    return report;
  }
}
