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
 *       400; binds on an instance IBM Cloud disabled 422; an update, bind, deprovision or
 *       unbind of an existing instance or binding whose {@code service_id} names another service
 *       than its own 400 (for a deprovision or unbind stricter than the specification, where
 *       those ids are hints: a platform's mix-up never deletes anything);</li>
 *   <li>the provider's answer becomes the status the OSB specification names. An asynchronous
 *       answer without {@code accepts_incomplete=true} is answered 422 {@code AsyncRequired}
 *       without starting the work ({@code AsyncWork.task} or {@code step}; logged as a warning),
 *       or, for {@code AsyncWork.trackedByProvider} (whose work the provider already started),
 *       logged as a provider bug and answered 500; an asynchronous bind of a service without
 *       {@code bindings_retrievable} 422 (500 for {@code trackedByProvider} work, its binding
 *       kept as failed for the platform's unbind). Other answers that break the specification
 *       (null, a value that cannot be written as JSON or takes more than
 *       {@link io.github.osbsdk.broker.core.Broker.Builder#maxAnswerBytes(long) maxAnswerBytes}
 *       of it, a {@code dashboard_url} that is not an
 *       absolute http(s) URL, an endpoint or volume mount without its required fields, a field
 *       whose permission the service does not declare in {@code requires}, a fetched instance's
 *       {@code service_id} or {@code plan_id} other than the recorded one) are provider bugs:
 *       logged, 500. Some cannot be expressed at all: a 202 bind has no
 *       credentials in its result type, and {@code AsyncWork} itself refuses an
 *       {@code operation} over 10,000 characters or with a control character
 *       ({@code IllegalArgumentException} in the provider's code, so a 500 like any unexpected
 *       exception).</li>
 * </ol>
 * Errors are always OSB error bodies ({@code {"error"?, "description"}}); unexpected exceptions
 * are a 500 with a generic description naming the request id, details only in the log.
 *
 * <p>Instance and binding ids are matched raw and decoded once by the SDK, so URL-encoded CRNs
 * ({@code %3A}, {@code %2F}) round-trip unchanged; the container must pass encoded slashes through.
 * Which containers need a setting for that (and the adapters that set it) is in the README's
 * container table: Jersey on Grizzly needs none (its handler reads the raw request URI); Undertow,
 * Tomcat (Spring Boot) and Jetty (CXF) do. Containers also refuse some malformed requests before
 * the SDK sees them (Jersey on Grizzly answers a malformed escape such as {@code %ZZ} with an
 * HTML 500 and a stack trace); no JAX-RS filter or exception mapper runs for those, so the SDK
 * cannot answer them: the README's quick start shows the guard each container needs.
 *
 * <p>The broker keeps a registry of instances, bindings and operations in a
 * {@link io.github.osbsdk.broker.core.store.BrokerStore} (in memory by default;
 * {@code broker-store-jdbc} keeps it in PostgreSQL, shared by replicas) and answers repeats,
 * conflicts, unknown ids, concurrent mutations, fetches and {@code last_operation} from it (see
 * {@link io.github.osbsdk.broker.api.ServiceBroker}). Asynchronous work runs on the executor; the
 * operation's owner (this broker,
 * {@link io.github.osbsdk.broker.core.Broker#replicaId() replicaId}: a process restarted under
 * the same {@link io.github.osbsdk.broker.core.Broker.Builder#replicaId(String) replicaId} is a
 * new owner, and does not renew what its previous life left) renews its lease every third of the
 * {@link io.github.osbsdk.broker.core.Broker.Builder#lease(java.time.Duration) lease}, and when a
 * replica stops, another takes its operations over within a lease: it runs a
 * {@link io.github.osbsdk.broker.api.ResumableStep} again, and ends anything else as
 * {@code failed} so the platform can retry.
 *
 * <p>The
 * {@link io.github.osbsdk.broker.core.Broker.Builder#executor(java.util.concurrent.ExecutorService)
 * executor} runs the tasks and steps requests start and the steps a replica resumes after a
 * takeover. When it refuses work, the request is answered 503 with {@code Retry-After} and its
 * operation undone, and a
 * step taken over is resumed again later (or ends as {@code failed} once the executor is shut
 * down); the broker never shuts down an executor it was given. An executor may run work on the
 * thread that hands it over ({@code Runnable::run}, a saturated pool whose rejection policy is
 * {@code CallerRunsPolicy}). Work a request starts then runs on the request's thread, and the
 * request is answered only once that work has ended (keep it within the platform's request
 * timeout). A step taken over is handed over on a thread of the broker's own, one step at a time,
 * never on the thread that renews the replica's leases nor on a poll's: while it runs, the leases
 * are still renewed and polls answered, but the steps taken over after it wait until it has
 * ended (their deadlines still run), and it is interrupted when the broker closes.
 *
 * <p>{@link io.github.osbsdk.broker.core.Broker#close()} never lets another replica run work
 * while it still runs here: it lets the work running in the process end for a grace of 3 s, its
 * leases still renewed, then interrupts what still runs on the executors (left to the replica
 * that takes it over, not recorded as failed) and gives up only the leases of the operations no
 * longer running here; work still running then keeps its lease until it expires.
 *
 * <p>No asynchronous operation stays in progress past its deadline, its start plus its plan's
 * {@code maximum_polling_duration} (else the
 * {@link io.github.osbsdk.broker.core.Broker.Builder#operationTimeout(java.time.Duration)
 * operationTimeout}): a hung task or step, or an operation whose provider still answers
 * "in progress", then ends as {@code failed}, so the instance can be updated or deleted again.
 * It ends so with a description saying that the broker stopped waiting for it, recorded once and
 * with the effect of any failure of its type (a failed provision leaves a failed instance that
 * can be deleted, a failed deprovision restores the instance): by the maintenance loop of the
 * replica running its task or step, which also interrupts that work (whatever the work ends with
 * later is not recorded); by the replica that takes it over from a stopped replica, instead of
 * resuming it; by a {@code last_operation} poll, when the provider tracks it and still answers
 * "in progress"; and by an update, deprovision, bind or unbind that finds it in the way, which is
 * then handled as usual instead of being answered 422 {@code ConcurrencyError}.
 */
package io.github.osbsdk.broker.core;
