/**
 * The OSB 2.17 + IBM Cloud conformance kit:
 * {@link io.github.osbsdk.broker.testkit.ConformanceSuite}
 * (run it from code), {@link io.github.osbsdk.broker.testkit.AbstractConformanceTest} (one JUnit 5
 * dynamic test per check), the rule ids ({@link io.github.osbsdk.broker.testkit.Rule}) and results.
 */
package io.github.osbsdk.broker.testkit;
