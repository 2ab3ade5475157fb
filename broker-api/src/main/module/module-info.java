/**
 * The provider-facing API of osb-broker-sdk: the {@link io.github.osbsdk.broker.api.ServiceBroker}
 * SPI, its request records and result types, the catalog model and
 * {@link io.github.osbsdk.broker.api.ServiceBrokerException}.
 */
module io.github.osbsdk.broker.api {
  requires transitive com.fasterxml.jackson.annotation;

  exports io.github.osbsdk.broker.api;
  exports io.github.osbsdk.broker.api.binding;
  exports io.github.osbsdk.broker.api.catalog;
  exports io.github.osbsdk.broker.api.context;
  exports io.github.osbsdk.broker.api.instance;
  exports io.github.osbsdk.broker.api.state;
  // checks the SDK's own modules share; not API
  exports io.github.osbsdk.broker.api.internal to
      io.github.osbsdk.broker.core,
      io.github.osbsdk.broker.iam,
      io.github.osbsdk.broker.metering,
      io.github.osbsdk.broker.testkit;
}
