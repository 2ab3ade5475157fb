/**
 * Health checks: {@link io.github.osbsdk.broker.core.health.BrokerHealth} runs named
 * {@link io.github.osbsdk.broker.core.health.HealthCheck}s (the state store, IAM's signing keys,
 * the metering outbox) and reports {@code {"status":"UP|DOWN","components":{...}}}. Needs no
 * metrics library.
 */
package io.github.osbsdk.broker.core.health;
