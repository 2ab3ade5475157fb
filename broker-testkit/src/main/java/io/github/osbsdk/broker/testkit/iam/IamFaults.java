package io.github.osbsdk.broker.testkit.iam;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Fault injection for an {@link IamSimulator}, obtained from {@link IamSimulator#faults()}.
 *
 * <p>Faults apply per {@link IamEndpoint} until {@link #reset()} or {@link #reset(IamEndpoint)};
 * a delay combines with the other faults (the simulator waits first, then fails). Faulted
 * requests still count in {@link IamSimulator#requestCount(IamEndpoint)}. All methods are
 * thread-safe and return this object for chaining.
 */
public final class IamFaults {

    /** RFC 9110's preferred HTTP-date (two-digit day, unlike RFC_1123_DATE_TIME). */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private static final Instant FIRST_HTTP_DATE = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST_HTTP_DATE = Instant.parse("9999-12-31T23:59:59Z");

    private final Map<IamEndpoint, Fault> faults = new ConcurrentHashMap<>();

    IamFaults() {
    }

    /**
     * Takes the endpoint down: the simulator closes the connection without sending any response,
     * as an unreachable or crashing IAM would. Use {@link #failWith(IamEndpoint, int)} with 503
     * for an IAM that answers "service unavailable".
     *
     * @param endpoint the endpoint
     * @return this object
     */
    public IamFaults down(IamEndpoint endpoint) {
        update(endpoint, f -> new Fault(true, 0, f.delay(), false, f.remaining()));
        return this;
    }

    /**
     * Makes the endpoint answer every request with the given status and an IAM-like JSON error
     * body ({@code errorCode}, {@code errorMessage}).
     *
     * @param endpoint the endpoint
     * @param status an HTTP status between 400 and 599
     * @return this object
     */
    public IamFaults failWith(IamEndpoint endpoint, int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 400..599: " + status);
        }
        update(endpoint, f -> new Fault(false, status, f.delay(), false, f.remaining()));
        return this;
    }

    /**
     * Makes the endpoint answer every request with 429 Too Many Requests, an IAM-like JSON error
     * body and {@code Retry-After} in seconds, as IAM does when a client calls too often.
     *
     * @param endpoint the endpoint
     * @param retryAfter the {@code Retry-After} delay, not negative; announced in whole seconds,
     *     rounded up
     * @return this object
     * @throws IllegalArgumentException when {@code retryAfter} is negative
     */
    public IamFaults tooManyRequests(IamEndpoint endpoint, Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter == null");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter is negative: " + retryAfter);
        }
        long seconds = retryAfter.toSeconds();
        if (retryAfter.toNanosPart() > 0 && seconds < Long.MAX_VALUE) {
            seconds++; // a part of a second must not become "Retry-After: 0"
        }
        return tooManyRequests(endpoint, Long.toString(seconds));
    }

    /**
     * Makes the endpoint answer every request with 429 Too Many Requests and a
     * {@code Retry-After} that is an HTTP-date (RFC 9110, IMF-fixdate).
     *
     * @param endpoint the endpoint
     * @param retryAt when the client may call again, in the years 1 to 9999 (an HTTP-date has a
     *     four-digit year)
     * @return this object
     * @throws IllegalArgumentException when {@code retryAt} is outside the years 1 to 9999
     */
    public IamFaults tooManyRequests(IamEndpoint endpoint, Instant retryAt) {
        Objects.requireNonNull(retryAt, "retryAt == null");
        if (retryAt.isBefore(FIRST_HTTP_DATE) || retryAt.isAfter(LAST_HTTP_DATE)) {
            throw new IllegalArgumentException("retryAt is no HTTP-date (years 1 to 9999): "
                    + retryAt);
        }
        return tooManyRequests(endpoint, IMF_FIXDATE.format(retryAt.atZone(ZoneOffset.UTC)));
    }

    private IamFaults tooManyRequests(IamEndpoint endpoint, String retryAfter) {
        update(endpoint, f -> new Fault(false, 429, f.delay(), false, f.remaining(), retryAfter));
        return this;
    }

    /**
     * Makes the endpoint answer 200 with a body that is not valid JSON, to test that clients
     * fail closed on garbage.
     *
     * @param endpoint the endpoint
     * @return this object
     */
    public IamFaults malformedResponse(IamEndpoint endpoint) {
        update(endpoint, f -> new Fault(false, 0, f.delay(), true, f.remaining()));
        return this;
    }

    /**
     * Delays every response of the endpoint (for timeout tests). The delay is interrupted when
     * the simulator closes.
     *
     * @param endpoint the endpoint
     * @param delay how long to wait before answering, not negative; zero removes the delay, and
     *     one too long to count in milliseconds waits until the simulator closes
     * @return this object
     * @throws IllegalArgumentException when {@code delay} is negative
     */
    public IamFaults delay(IamEndpoint endpoint, Duration delay) {
        Objects.requireNonNull(delay, "delay == null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay is negative: " + delay);
        }
        update(endpoint, f -> new Fault(f.down(), f.status(), delay, f.malformed(), f.remaining(),
                f.retryAfter()));
        return this;
    }

    /**
     * Limits the endpoint's faults to its next {@code requests} requests; after them the endpoint
     * recovers by itself (e.g. "the first token request fails with 500, the retry succeeds").
     * Set the faults first, then the limit; without a limit faults last until reset.
     *
     * @param endpoint the endpoint
     * @param requests how many more requests the faults apply to, at least 1
     * @return this object
     */
    public IamFaults forNextRequests(IamEndpoint endpoint, int requests) {
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be at least 1: " + requests);
        }
        update(endpoint, f -> f.withRemaining(requests));
        return this;
    }

    /**
     * Removes every fault from the endpoint.
     *
     * @param endpoint the endpoint
     * @return this object
     */
    public IamFaults reset(IamEndpoint endpoint) {
        faults.remove(Objects.requireNonNull(endpoint, "endpoint == null"));
        return this;
    }

    /**
     * Removes every fault from every endpoint.
     *
     * @return this object
     */
    public IamFaults reset() {
        faults.clear();
        return this;
    }

    /** Returns the fault for one request to the endpoint, counting down a limited fault. */
    Fault take(IamEndpoint endpoint) {
        Fault[] taken = {Fault.NONE};
        faults.computeIfPresent(endpoint, (e, f) -> {
            taken[0] = f;
            if (f.remaining() == Fault.UNLIMITED) {
                return f;
            }
            return f.remaining() <= 1 ? null
                    : f.withRemaining(f.remaining() - 1);
        });
        return taken[0];
    }

    private void update(IamEndpoint endpoint, UnaryOperator<Fault> change) {
        Objects.requireNonNull(endpoint, "endpoint == null");
        faults.compute(endpoint, (e, old) -> change.apply(old == null ? Fault.NONE : old));
    }

    /** The fault state of one endpoint. */
    record Fault(boolean down, int status, Duration delay, boolean malformed, int remaining,
            String retryAfter) {
        static final int UNLIMITED = -1;
        static final Fault NONE = new Fault(false, 0, Duration.ZERO, false, UNLIMITED, null);

        Fault(boolean down, int status, Duration delay, boolean malformed, int remaining) {
            this(down, status, delay, malformed, remaining, null);
        }

        Fault withRemaining(int n) {
            return new Fault(down, status, delay, malformed, n, retryAfter);
        }
    }
}
