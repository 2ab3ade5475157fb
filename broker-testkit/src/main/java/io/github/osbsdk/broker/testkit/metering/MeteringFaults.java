package io.github.osbsdk.broker.testkit.metering;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fault injection for a {@link MeteringSimulator}, obtained from
 * {@link MeteringSimulator#faults()}.
 *
 * <p>Request faults queue up: each usage request takes the next one, in the order they were
 * added, until none is left; a fault added for {@code n} requests is one entry that the next
 * {@code n} requests take in turn, so any count, even {@link Integer#MAX_VALUE}, costs the same
 * little memory. Record rejections apply to every record of an instance until
 * {@link #reset()}. Thread-safe; every method returns this object for chaining.
 */
public final class MeteringFaults {

    /** What one request suffers. */
    enum Kind { STATUS, THROTTLE, SLOW, DROP, DROP_AFTER_RECORDING }

    /** One queued request fault. */
    record RequestFault(Kind kind, int status, Duration duration) {
    }

    /** A per-record answer forced for an instance. */
    record Rejection(int status, String code, String message) {
    }

    /** A request fault and how many more requests it applies to, at least 1 while queued. */
    private static final class Queued {
        final RequestFault fault;
        int requests;

        Queued(RequestFault fault, int requests) {
            this.fault = fault;
            this.requests = requests;
        }
    }

    /** The queued request faults, oldest first; guarded by itself. */
    private final Deque<Queued> queue = new ArrayDeque<>();
    private final Map<String, Rejection> rejections = new ConcurrentHashMap<>();
    private final Map<String, Rejection> batchRejections = new ConcurrentHashMap<>();

    MeteringFaults() {
    }

    /**
     * Answers the next {@code requests} usage requests with {@code status} and records nothing,
     * as an IBM that fails the whole request would.
     *
     * @param requests how many requests, at least 1
     * @param status 401, 403 or 500..599
     * @return this object
     */
    public MeteringFaults failNext(int requests, int status) {
        if (status != 401 && status != 403 && (status < 500 || status > 599)) {
            throw new IllegalArgumentException("status must be 401, 403 or 5xx: " + status);
        }
        return add(requests, new RequestFault(Kind.STATUS, status, Duration.ZERO));
    }

    /**
     * Answers the next {@code requests} usage requests with 429 and a {@code Retry-After} of
     * {@code retryAfter} (whole seconds, rounded up), recording nothing.
     *
     * @param requests how many requests, at least 1
     * @param retryAfter the wait to announce, not negative
     * @return this object
     * @throws IllegalArgumentException when {@code retryAfter} is negative
     */
    public MeteringFaults throttleNext(int requests, Duration retryAfter) {
        notNegative(retryAfter, "retryAfter");
        return add(requests, new RequestFault(Kind.THROTTLE, 429, retryAfter));
    }

    /**
     * Makes the next {@code requests} usage requests slow: the simulator records and decides
     * the batch as usual, then waits {@code delay} before answering. A client whose timeout is
     * shorter resends, and the resend is answered 409 for every record already accepted.
     *
     * @param requests how many requests, at least 1
     * @param delay the wait before answering, not negative
     * @return this object
     * @throws IllegalArgumentException when {@code delay} is negative
     */
    public MeteringFaults slowNext(int requests, Duration delay) {
        notNegative(delay, "delay");
        return add(requests, new RequestFault(Kind.SLOW, 0, delay));
    }

    private static void notNegative(Duration d, String name) {
        Objects.requireNonNull(d, name + " == null");
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " is negative: " + d);
        }
    }

    /**
     * Drops the connection of the next {@code requests} usage requests without an answer and
     * without recording anything.
     *
     * @param requests how many requests, at least 1
     * @return this object
     */
    public MeteringFaults dropNext(int requests) {
        return add(requests, new RequestFault(Kind.DROP, 0, Duration.ZERO));
    }

    /**
     * Records and decides the next {@code requests} usage requests, then drops the connection
     * without an answer (the client cannot know that IBM accepted the records).
     *
     * @param requests how many requests, at least 1
     * @return this object
     */
    public MeteringFaults dropAfterRecordingNext(int requests) {
        return add(requests, new RequestFault(Kind.DROP_AFTER_RECORDING, 0, Duration.ZERO));
    }

    /**
     * Answers every record of an instance with a per-record error, e.g. 400 (bad record), 404
     * (no metering definition for the plan), 424 (instance metadata problem) or 500.
     *
     * @param resourceInstanceId the instance
     * @param status 400..599
     * @param code the error code to answer
     * @param message the message to answer
     * @return this object
     */
    public MeteringFaults rejectRecordsOf(String resourceInstanceId, int status, String code,
            String message) {
        Objects.requireNonNull(resourceInstanceId, "resourceInstanceId == null");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 400..599: " + status);
        }
        rejections.put(resourceInstanceId, new Rejection(status, code, message));
        return this;
    }

    /**
     * Answers {@code 400} for the whole request, recording nothing, to every request that holds
     * a record of an instance, as IBM does for a record it cannot take at all (e.g. one that
     * fails the request's schema): the other records of the batch are not taken either. A
     * client that splits such a batch gets the other records accepted.
     *
     * @param resourceInstanceId the instance
     * @param code the error code to answer
     * @param message the message to answer
     * @return this object
     */
    public MeteringFaults refuseBatchesWith(String resourceInstanceId, String code,
            String message) {
        return refuseBatchesWith(resourceInstanceId, 400, code, message);
    }

    /**
     * As {@link #refuseBatchesWith(String, String, String)}, with another status for the whole
     * request: 413 (too large) or 422 (a body that is well-formed but cannot be processed, e.g.
     * one record IBM cannot take).
     *
     * @param resourceInstanceId the instance
     * @param status 400, 413 or 422
     * @param code the error code to answer
     * @param message the message to answer
     * @return this object
     */
    public MeteringFaults refuseBatchesWith(String resourceInstanceId, int status, String code,
            String message) {
        Objects.requireNonNull(resourceInstanceId, "resourceInstanceId == null");
        if (status != 400 && status != 413 && status != 422) {
            throw new IllegalArgumentException("status must be 400, 413 or 422: " + status);
        }
        batchRejections.put(resourceInstanceId, new Rejection(status, code, message));
        return this;
    }

    /**
     * Removes every queued request fault and every record rejection.
     *
     * @return this object
     */
    public MeteringFaults reset() {
        synchronized (queue) {
            queue.clear();
        }
        rejections.clear();
        batchRejections.clear();
        return this;
    }

    /** Takes the fault of one request: the oldest queued one, or null when none is left. */
    RequestFault next() {
        synchronized (queue) {
            Queued head = queue.peekFirst();
            if (head == null) {
                return null;
            }
            if (--head.requests == 0) {
                queue.removeFirst();
            }
            return head.fault;
        }
    }

    Rejection rejectionFor(String resourceInstanceId) {
        return resourceInstanceId == null ? null : rejections.get(resourceInstanceId);
    }

    Rejection batchRejectionFor(String resourceInstanceId) {
        return resourceInstanceId == null ? null : batchRejections.get(resourceInstanceId);
    }

    private MeteringFaults add(int requests, RequestFault fault) {
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be at least 1: " + requests);
        }
        synchronized (queue) {
            queue.addLast(new Queued(fault, requests));
        }
        return this;
    }
}
