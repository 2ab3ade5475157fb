package io.github.osbsdk.samples.hello;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The only class of the sample that names Prometheus types, loaded only when
 * {@code BROKER_METRICS=true}: the container samples that reuse {@link HelloBroker} have
 * neither Micrometer nor Prometheus on their class path.
 */
final class PrometheusText {
  /** The content type of the Prometheus text exposition format. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusText() {}

  static Object newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  static String scrape(Object registry) {
    return ((PrometheusMeterRegistry) registry).scrape();
  }
}
