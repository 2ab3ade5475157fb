/**
 * hello-kv: a key-value store offered as an IBM Cloud service, served by osb-broker-sdk. Copy
 * {@link io.github.osbsdk.samples.hello.HelloServiceBroker} (the business logic),
 * {@link io.github.osbsdk.samples.hello.HelloCatalog} (the catalog) and
 * {@link io.github.osbsdk.samples.hello.HelloServer} (the container set-up) to start your own.
 */
package io.github.osbsdk.samples.hello;
