/**
 * An in-process IBM Cloud usage metering API for tests:
 * {@link io.github.osbsdk.broker.testkit.metering.MeteringSimulator} serves
 * {@code POST /v4/metering/resources/{resource_id}/usage} over real HTTP on {@code 127.0.0.1}
 * with IBM's rules (bearer token, batches of 1 to 100, a status per record, 409 for a duplicate
 * key), keeps billed totals per instance, plan and measure, and injects faults on demand
 * ({@link io.github.osbsdk.broker.testkit.metering.MeteringFaults}: 5xx, 429 with
 * {@code Retry-After}, slow answers after recording, dropped connections, rejected records).
 *
 * <pre>{@code
 * try (IamSimulator iam = IamSimulator.start();
 *      MeteringSimulator metering = MeteringSimulator.start(iam)) {
 *     metering.declarePlan("metered", "API_CALL");
 *     metering.faults().failNext(1, 503).slowNext(1, Duration.ofSeconds(5));
 *     // run the broker with its metering URL at metering.baseUrl(), make 42 billable calls
 *     metering.assertTotal(instanceCrn, "metered", "API_CALL", 42);
 * }
 * }</pre>
 */
package io.github.osbsdk.broker.testkit.metering;
