/**
 * Usage metering for IBM Cloud: {@link io.github.osbsdk.broker.metering.UsageMeter} counts on
 * the caller's thread and closes aligned windows into
 * {@link io.github.osbsdk.broker.metering.UsageRecord}s;
 * {@link io.github.osbsdk.broker.metering.UsageReporter} checks records, keeps them in a
 * {@link io.github.osbsdk.broker.metering.UsageOutbox} (in memory by default, or shared and
 * durable) and delivers them to IBM's usage metering API exactly once per record key, across
 * timeouts, retries, restarts and replicas.
 *
 * <p>{@code UsageOutbox} is a service-provider interface: the SDK's outboxes implement it, and
 * another implementation must pass {@code UsageOutboxContract}, {@code OpenWindowContract},
 * {@code InstanceEndContract}, {@code LateCountContract}, {@code LeftRecordContract},
 * {@code UnknownEndContract} and {@code HeldCountContract} (broker-metering's test jar). Minor
 * releases may add methods to it.
 *
 * <h2>Delivery</h2>
 * A {@code UsageReporter}'s sender acts on each record's status: 201 and 409 remove it from the
 * outbox; 400, 404 and 424 move it to the rejected list (kept with IBM's reason, logged,
 * reported to the {@link io.github.osbsdk.broker.metering.UsageListener}, never resent). A 400,
 * 413 or 422 for the whole request (IBM took none of the batch) splits the batch in halves,
 * sent again at once, until the records at fault are alone and rejected as above. Any other
 * status, 5xx, 429, 401/403, a timeout or a connection error puts it back for a retry with
 * exponential backoff and jitter that waits at least the server's {@code Retry-After} (up to an
 * hour, or the longest backoff if longer). So does a per-record status IBM does not document
 * (not 201, 409, 400, 404, 424 or 5xx): never taken as delivered, it is logged as an ERROR once
 * per status, as is a whole-request status other than 2xx, 429 or 5xx (a wrong URL or
 * setting), then at DEBUG. IBM's codes and messages are kept and logged with control
 * characters made spaces and cut to 1,000 characters. A record of a plan the reporter does not
 * meter (queued by another reporter sharing the outbox) is put back the same way, for a sender
 * that meters it. A record whose end is after the sender's clock (closed by a meter whose clock
 * is ahead) stays in the outbox until its end has passed, without counting an attempt: IBM
 * refuses a record that ends in the future.
 */
package io.github.osbsdk.broker.metering;
