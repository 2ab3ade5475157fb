/**
 * Serving a {@link io.github.osbsdk.broker.api.ServiceBroker} over HTTP in any Jakarta REST
 * (JAX-RS 3.1+) container: build a {@link io.github.osbsdk.broker.core.Broker} and register its
 * {@link io.github.osbsdk.broker.core.Broker#application() Application} or
 * {@link io.github.osbsdk.broker.core.Broker#singletons() singletons}.
 *
 * <p>What the SDK does for every request to {@code /v2/**} and {@code /bluemix_v1/**}, in order:
 * <ol>
 *   <li>request id: {@code X-Broker-API-Request-Identity} or a generated one, in the SLF4J MDC
 *       ({@code requestId}) and echoed on the response;</li>
 *   <li>authentication with the configured
 *       {@link io.github.osbsdk.broker.core.auth.Authenticator} (401 with
 *       {@code WWW-Authenticate}, or 403);</li>
 *   <li>{@code X-Broker-API-Version}: missing 400 (or 412 if configured), unsupported 412
 *       ({@code /bluemix_v1} calls may omit it);</li>
 *   <li>{@code X-Broker-API-Originating-Identity} parsed (malformed 400), IBM Cloud's
 *       {@code X-Bluemix-Region} and {@code Transaction-Id} read;</li>
 *   <li>the body: JSON content type (else 400, never 415), at most
 *       {@link io.github.osbsdk.broker.core.Broker.Builder#maxRequestBytes(long) maxRequestBytes}
 *       (413), a JSON object with the required fields of the right types (400 naming the field);
 *       unknown fields are ignored;</li>
 *   <li>the catalog: unknown service or plan, or a plan of another service, 400; plan not
 *       bindable 400; plan change from a plan that is not updateable 422;
 *       {@code maintenance_info} mismatch 422 {@code MaintenanceInfoConflict}; parameters failing
 *       the plan's JSON schema, or nested more than 100 levels deep where a schema checks them,
 *       400; binds on an instance IBM Cloud disabled 422;</li>
 *   <li>the provider's answer becomes the status the OSB specification names; answers that break
 *       the specification (asynchronous without {@code accepts_incomplete=true}, credentials in a
 *       202 bind, an {@code operation} over 10,000 characters) are provider bugs: logged, 500.</li>
 * </ol>
 * Errors are always OSB error bodies ({@code {"error"?, "description"}}); unexpected exceptions
 * are a 500 with a generic description naming the request id, details only in the log.
 */
package io.github.osbsdk.broker.core;
