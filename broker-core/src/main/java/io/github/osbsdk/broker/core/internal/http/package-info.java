/**
 * Internal: bounded exchanges with servers the SDK does not control, for the SDK's own HTTP
 * clients (broker-iam, broker-metering, broker-testkit). Not API; may change without notice.
 * broker-core itself never loads it, so it requires {@code java.net.http} only statically.
 */
package io.github.osbsdk.broker.core.internal.http;
