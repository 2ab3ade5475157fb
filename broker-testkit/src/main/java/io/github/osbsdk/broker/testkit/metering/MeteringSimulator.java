package io.github.osbsdk.broker.testkit.metering;

import com.sun.net.httpserver.HttpServer;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process IBM Cloud usage metering API for tests: serves
 * {@code POST /v4/metering/resources/{resource_id}/usage} over real HTTP on {@code 127.0.0.1}
 * and a random port (or a given one, {@link #start(int, IamSimulator)}), with IBM's rules: a
 * bearer token (optionally verified against an {@link IamSimulator}), a JSON array of 1 to 100
 * records (else 400 for the whole request), an answer
 * {@code 202 {"resources": [{"status": ...}, ...]}} with one status per record, in order: 201
 * accepted, 409 duplicate (same instance, consumer, plan, region, start and end as a record
 * accepted before, whatever the quantities), 400 bad record, 404 plan without metering
 * definition (only when plans were {@link #declarePlan declared}; also a plan declared under
 * another resource id, {@link #declarePlanOf}). Once told an instance's
 * life ({@link #instanceLife}), it answers 400 for a record of that instance that starts before
 * the instance was provisioned or ends after it was deprovisioned, as IBM does.
 *
 * <pre>{@code
 * try (MeteringSimulator metering = MeteringSimulator.start()) {
 *     // point the reporter at metering.baseUrl()
 *     metering.faults().slowNext(1, Duration.ofSeconds(3)).throttleNext(1, Duration.ofSeconds(1));
 *     ...
 *     metering.assertTotal(instanceCrn, "metered", "API_CALL", 42);
 * }
 * }</pre>
 *
 * <p>Totals add up the quantities of accepted (201) records only, so a test sees exactly what
 * would be billed. Thread-safe; nothing is bound to a non-loopback address.
 */
public final class MeteringSimulator implements AutoCloseable {

    /** The largest batch IBM takes. */
    public static final int MAX_BATCH = 100;

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI baseUrl;
    private final MeteringFaults faults = new MeteringFaults();
    private final IamSimulator iam;
    private final Clock clock;
    private final Object lock = new Object();
    /** The declared plans (read by {@link UsageHandler}). */
    final PlanDefinitions plans = new PlanDefinitions();
    private final Map<String, Instant[]> lives = new HashMap<>(); // guarded by lock
    /** What was received and billed (written by {@link UsageHandler}). */
    final UsageLedger ledger = new UsageLedger();

    private MeteringSimulator(int port, IamSimulator iam, Clock clock) throws IOException {
        this.iam = iam;
        this.clock = clock;
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        server = HttpServer.create(new InetSocketAddress(loopback, port), 64);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(16, 16, 5, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r,
                            "metering-simulator-" + THREAD_NUMBER.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        executor = pool;
        server.setExecutor(executor);
        server.createContext("/", new UsageHandler(this));
        baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        server.start();
    }

    /**
     * Starts a simulator that takes any non-empty bearer token.
     *
     * @return the running simulator; close it when done
     * @throws UncheckedIOException if the server cannot bind
     */
    public static MeteringSimulator start() {
        return start(null);
    }

    /**
     * Starts a simulator that takes only unexpired tokens signed by an IAM simulator's keys
     * (else 401).
     *
     * @param iam the IAM simulator whose tokens are valid, or null to take any token
     * @return the running simulator; close it when done
     * @throws UncheckedIOException if the server cannot bind
     */
    public static MeteringSimulator start(IamSimulator iam) {
        return start(iam, Clock.systemUTC());
    }

    /**
     * Starts a simulator on a clock of the test's, which decides what is "in the future" (a
     * record whose end is over a minute ahead of it is refused with 400) and when tokens expire.
     *
     * @param iam the IAM simulator whose tokens are valid, or null to take any token
     * @param clock the simulator's clock
     * @return the running simulator; close it when done
     * @throws UncheckedIOException if the server cannot bind
     */
    public static MeteringSimulator start(IamSimulator iam, Clock clock) {
        return start(0, iam, clock);
    }

    /**
     * Starts a simulator on {@code 127.0.0.1} and a given port: for a broker started separately
     * with {@code http://127.0.0.1:<port>} as its metering URL, which a restart of the simulator
     * then keeps (as {@link IamSimulator#start(int)} does for the IAM URL).
     *
     * @param port the port, 0 for a free one
     * @param iam the IAM simulator whose tokens are valid, or null to take any token
     * @return the running simulator; close it when done
     * @throws IllegalArgumentException when the port is not 0 to 65535
     * @throws UncheckedIOException if the server cannot bind (the port is taken)
     */
    public static MeteringSimulator start(int port, IamSimulator iam) {
        return start(port, iam, Clock.systemUTC());
    }

    private static MeteringSimulator start(int port, IamSimulator iam, Clock clock) {
        Objects.requireNonNull(clock, "clock == null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535: " + port);
        }
        try {
            return new MeteringSimulator(port, iam, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the metering simulator on port " + port,
                    e);
        }
    }

    /**
     * Returns the base URL to configure as the metering URL, e.g.
     * {@code http://127.0.0.1:54321} (no trailing slash).
     *
     * @return the base URL
     */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * Returns the usage URL of a resource id.
     *
     * @param resourceId the global catalog id
     * @return {@code {base}/v4/metering/resources/{resourceId}/usage}
     */
    public URI usageUrl(String resourceId) {
        return URI.create(baseUrl + "/v4/metering/resources/" + resourceId + "/usage");
    }

    /**
     * Declares a plan's metering definition, taken under any resource id ({@link #declarePlanOf}
     * ties it to one, as IBM does). Once any plan is declared, records of undeclared plans are
     * answered 404 and records with undeclared measures 400.
     *
     * @param planId the plan id
     * @param measures the measures its pricing declares
     * @return this simulator
     */
    public MeteringSimulator declarePlan(String planId, String... measures) {
        plans.declare(null, planId, measures);
        return this;
    }

    /**
     * Declares a plan's metering definition under its resource (the service's global catalog
     * id), as IBM keeps it: a record of the plan posted to the usage URL of another resource id
     * is answered 404 ({@code metering_definition_not_found}), as IBM does; else as declarePlan.
     *
     * @param resourceId the resource id the plan belongs to
     * @param planId the plan id
     * @param measures the measures its pricing declares
     * @return this simulator
     */
    public MeteringSimulator declarePlanOf(String resourceId, String planId, String... measures) {
        plans.declare(Objects.requireNonNull(resourceId, "resourceId == null"), planId, measures);
        return this;
    }

    /**
     * Tells the simulator an instance's life: from then on a record of that instance whose
     * start is before {@code start}, or whose end is after {@code end}, is answered 400 ("times
     * outside the instance's life"), as IBM does. Call it again to set the end at deprovision.
     *
     * @param resourceInstanceId the instance
     * @param start when the instance was provisioned
     * @param end when it was deprovisioned, or null while it lives
     * @return this simulator
     */
    public MeteringSimulator instanceLife(String resourceInstanceId, Instant start, Instant end) {
        Objects.requireNonNull(resourceInstanceId, "resourceInstanceId == null");
        Objects.requireNonNull(start, "start == null");
        if (end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("end " + end + " is before start " + start);
        }
        synchronized (lock) {
            lives.put(resourceInstanceId, new Instant[] {start, end});
        }
        return this;
    }

    /**
     * Returns the fault injector.
     *
     * @return the faults of this simulator
     */
    public MeteringFaults faults() {
        return faults;
    }

    /**
     * Returns the billed total of a measure: the sum of its quantities over accepted records.
     *
     * @param resourceInstanceId the instance
     * @param planId the plan
     * @param measure the measure
     * @return the total, 0 when nothing was accepted
     */
    public double total(String resourceInstanceId, String planId, String measure) {
        return ledger.total(resourceInstanceId, planId, measure);
    }

    /**
     * Fails unless the billed total of a measure is exactly {@code expected}.
     *
     * @param resourceInstanceId the instance
     * @param planId the plan
     * @param measure the measure
     * @param expected the expected total
     * @throws AssertionError naming the actual total and every total the simulator holds
     */
    public void assertTotal(String resourceInstanceId, String planId, String measure,
            double expected) {
        double actual = total(resourceInstanceId, planId, measure);
        if (Double.compare(actual, expected) != 0) {
            String all = ledger.totalsText();
            throw new AssertionError("billed " + measure + " of " + resourceInstanceId + " in plan "
                    + planId + ": expected " + expected + " but was " + actual + " (all totals: "
                    + all + ")");
        }
    }

    /**
     * Fails unless no accepted record was received at all.
     *
     * @throws AssertionError listing what was accepted
     */
    public void assertNothingBilled() {
        List<ReceivedRecord> accepted = ledger.accepted();
        if (!accepted.isEmpty()) {
            throw new AssertionError("expected nothing billed but accepted " + accepted);
        }
    }

    /**
     * Returns the accepted records, in arrival order.
     *
     * @return a snapshot
     */
    public List<ReceivedRecord> acceptedRecords() {
        return ledger.accepted();
    }

    /**
     * Returns every usage request received, faulted ones included, in arrival order.
     *
     * @return a snapshot
     */
    public List<RecordedBatch> batches() {
        return ledger.batches();
    }

    /**
     * Returns how many records were answered 409 (duplicate).
     *
     * @return the count
     */
    public int duplicateCount() {
        return ledger.duplicates();
    }

    /**
     * Forgets every record, batch, total and fault (declared plans and instance lives stay).
     *
     * @return this simulator
     */
    public MeteringSimulator reset() {
        ledger.clear();
        faults.reset();
        return this;
    }

    /** Stops the server at once and interrupts slow answers; calling it again does nothing. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * Names the simulator by its base URL.
     *
     * @return {@code MeteringSimulator[base URL]}
     */
    @Override
    public String toString() {
        return "MeteringSimulator[" + baseUrl + "]";
    }

    IamSimulator iam() {
        return iam;
    }

    Clock clock() {
        return clock;
    }

    /** Why a record's times are outside its instance's known life, or null when they are not. */
    String outsideLife(String instance, long start, long end) {
        Instant[] life;
        synchronized (lock) {
            life = lives.get(instance);
        }
        if (life == null) {
            return null;
        }
        if (start < life[0].toEpochMilli()) {
            return "start is before the instance's life (" + life[0] + ")";
        }
        if (life[1] != null && end > life[1].toEpochMilli()) {
            return "end is after the instance's life (" + life[1] + ")";
        }
        return null;
    }
}
