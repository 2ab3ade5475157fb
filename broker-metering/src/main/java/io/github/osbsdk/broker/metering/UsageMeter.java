package io.github.osbsdk.broker.metering;

import io.github.osbsdk.broker.metering.internal.InstanceEnds;
import io.github.osbsdk.broker.metering.internal.MergeHealth;
import io.github.osbsdk.broker.metering.internal.MeterRecords;
import io.github.osbsdk.broker.metering.internal.MeterSeries;
import io.github.osbsdk.broker.metering.internal.MeterTicker;
import io.github.osbsdk.broker.metering.internal.SeriesRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Counts usage on the caller's thread and turns it into one usage record per instance, plan
 * and window.
 *
 * <pre>{@code
 * UsageMeter meter = UsageMeter.builder(reporter).window(Duration.ofHours(1)).build();
 * meter.add(instanceCrn, planId, "API_CALL", 1);            // counters add up
 * meter.sample(instanceCrn, planId, "INSTANCE_GB", 12.5);   // gauges keep the peak
 * }</pre>
 *
 * <p><b>Cost.</b> {@code add} and {@code sample} take no lock and allocate nothing once an
 * instance, plan and measure was seen (three hash lookups and a striped adder); the first call
 * for a new combination checks it against the plan (slow path).
 *
 * <p><b>Windows.</b> Windows are aligned to the epoch (hourly: 10:00 to 11:00 UTC). Every
 * persist interval (1 second by default) a background thread hands the counts to the outbox
 * ({@link UsageOutbox#mergeOpenCounts}) and closes ended windows: within about one interval of
 * a window's end, its counts become one record (start and end of the window, one entry per
 * measure counted in it; IBM's duplicate key has no measure, so one record per instance, plan
 * and window is the only safe shape) queued to the outbox. A closed window never takes more
 * counts: counts that arrive later (a caller racing with the close, a replica whose flush comes
 * after another closed the window) go to the current window, or to the next one when the
 * window was closed by a replica whose clock is ahead of this meter's (an outbox with a clock
 * all replicas share, as {@code PostgresUsageOutbox}, closes no window before it ended on that
 * clock).
 *
 * <p><b>Instance life.</b> A record starts at its window's first count, not its start; call
 * {@link #endInstance} at deprovision so the last ends then (IBM refuses records outside it),
 * {@link #changePlan} on a plan change (an update with a new plan), and {@link #endPlan} when
 * an instance leaves metering on a plan without a new metered plan.
 *
 * <p><b>Crashes.</b> With a durable outbox, a {@code kill -9} loses at most the counts of the
 * last persist interval. With {@link InMemoryUsageOutbox}, see what it loses there;
 * {@link #close()} turns the open windows into records ending at the close time.
 *
 * <p><b>Replicas.</b> Meters of several replicas sharing one durable outbox merge their counts
 * there before the record is built. Set a {@link Builder#consumerId(String) consumer id} per
 * replica only if they do not share an outbox.
 */
public final class UsageMeter implements AutoCloseable {
  private final long windowMillis;
  private final SeriesResolver resolver;
  private final MeterTicker ticker;
  private final InstanceEnds ends;
  private final MeterLifecycle life;

  private UsageMeter(Builder b) {
    UsageReporter reporter = b.reporter;
    UsageOutbox outbox = reporter.outbox();
    this.windowMillis = b.window.toMillis();
    Clock clock = b.clock;
    MeterRecords records = new MeterRecords(b.region, b.consumerId);
    SeriesRegistry registry = new SeriesRegistry(windowMillis, clock::millis);
    this.resolver = new SeriesResolver(reporter.plans(), b.region, records, registry, clock,
        windowMillis);
    this.ends = new InstanceEnds(outbox, clock::millis);
    MergeHealth merges = new MergeHealth(clock::millis);
    this.ticker = new MeterTicker(registry, outbox, clock::millis, records, ends, merges);
    this.life = new MeterLifecycle(ticker, reporter.core(), merges, windowMillis,
        b.manualTicks ? null : b.persistInterval, clock::millis);
    reporter.core().register(this, merges);
  }

  /**
   * Starts a meter that queues its records to a reporter's outbox.
   *
   * @param reporter the reporter; closing it closes this meter first
   * @return a builder
   */
  public static Builder builder(UsageReporter reporter) {
    return new Builder(reporter);
  }

  /**
   * Counts usage: adds {@code quantity} to the measure's sum in the current window.
   *
   * @param instanceId the instance CRN (the OSB instance id on IBM Cloud)
   * @param planId the instance's plan, a metered plan
   * @param measure a measure the plan declares, e.g. {@code API_CALL}
   * @param quantity the amount, {@code >= 0}
   * @throws IllegalArgumentException for a negative quantity, a plan that is not metered, a
   *     measure it does not declare (so two swapped ids are always refused), an instance
   *     without region, an instance id with a control character or over 1,024 bytes, ids that
   *     make no valid {@link UsageRecord}, or a measure that is sampled rather than added
   * @throws IllegalStateException when the meter is closed, or closed during the call and
   *     could not persist the count (a call that returns normally had its count persisted)
   */
  public void add(String instanceId, String planId, String measure, long quantity) {
    if (quantity < 0) {
      throw new IllegalArgumentException("quantity < 0: " + quantity);
    }
    MeterSeries series = resolver.resolve(instanceId, planId, measure, Aggregation.SUM);
    life.checkOpen();
    series.current().add(quantity);
    life.counted();
  }

  /**
   * Samples a gauge: the record of the window carries the peak sample.
   *
   * @param instanceId the instance CRN
   * @param planId the instance's plan, a metered plan
   * @param measure a measure the plan declares, e.g. {@code INSTANCE_GB}
   * @param value the sample, finite and {@code >= 0}
   * @throws IllegalArgumentException for a negative or non-finite value, a plan that is not
   *     metered, a measure the plan does not declare, an instance without region, an instance
   *     id with a control character or over 1,024 bytes, ids that make no valid
   *     {@link UsageRecord}, or a measure that is added rather than sampled
   * @throws IllegalStateException when the meter is closed, or closed during the call and
   *     could not persist the count (a call that returns normally had its count persisted)
   */
  public void sample(String instanceId, String planId, String measure, double value) {
    if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("value must be finite and >= 0: " + value);
    }
    MeterSeries series = resolver.resolve(instanceId, planId, measure, Aggregation.MAX);
    life.checkOpen();
    series.current().sample(value);
    life.counted();
  }

  /**
   * Returns the window length.
   *
   * @return the window length
   */
  public Duration window() {
    return Duration.ofMillis(windowMillis);
  }

  /**
   * Ends the metering of an instance on every plan at {@code at}: call it at its deprovision
   * (IBM refuses for good a record ending after the instance's life). The counts made so far are
   * persisted and each open window of the instance becomes its record at once, ending at
   * {@code at}, not at the window's end (counts of a window starting at or after {@code at} are
   * dropped, logged). The outbox keeps the end, where every replica sharing it sees it: later
   * counts of the instance, on any meter and any plan, are dropped with a WARN log naming
   * instance, measure and value, never billed; so is a count made while this call runs (a
   * request racing the deprovision). Ending an ended instance again queues nothing. When an
   * instance moves to another plan, call {@link #changePlan} instead.
   *
   * @param instanceId the instance CRN
   * @param at when the instance's metering ends, e.g. the deprovision time
   * @throws IllegalStateException when the meter is closed, or the instance's counts could not
   *     be persisted (the outbox failed, or refused them while it cannot tell whether the
   *     instance ended: they wait in memory, or the outbox holds them), or a window's counts
   *     cannot be added into the unsent record under its key until the reporter sent it (see
   *     {@link UsageOutbox#endInstance}); nothing ended then, call again
   * @throws UnsupportedOperationException when the outbox cannot end an instance's metering
   */
  public void endInstance(String instanceId, Instant at) {
    end(instanceId, null, null, at);
  }

  /**
   * Ends the metering of an instance on one plan at {@code at}: call it when the instance leaves
   * metering on the plan {@code planId} without a new metered plan (on a plan change call
   * {@link #changePlan}: an end kept by this call drops the counts of a later return to the
   * plan). As {@link #endInstance}, but only the instance's counts of that plan: its open
   * windows of that plan become their records ending at {@code at}, and later counts of the
   * instance on that plan are dropped (WARN). Ending an ended plan again queues nothing.
   *
   * @param instanceId the instance CRN
   * @param planId the plan the instance left
   * @param at when it left the plan, e.g. the time of the update
   * @throws IllegalStateException when the meter is closed, or the instance's counts of the
   *     plan could not be persisted (as for {@link #endInstance}); nothing ended then, call
   *     again
   * @throws UnsupportedOperationException when the outbox cannot end one plan's metering
   */
  public void endPlan(String instanceId, String planId, Instant at) {
    end(instanceId, Objects.requireNonNull(planId, "planId == null"), null, at);
  }

  /**
   * Moves the metering of an instance from plan {@code fromPlanId} to plan {@code toPlanId} at
   * {@code at}: call it on a plan change (an update with a new plan id), before counting on the
   * new plan. Ends the old plan as {@link #endPlan} does and lifts an end of the new plan kept
   * from an earlier stay on it (small, large, small again), so the counts of the new plan are
   * billed, on every replica sharing the outbox. If the update fails after this call, call it
   * again with both plans swapped: that restores the billing on {@code fromPlanId} (and ends
   * {@code toPlanId}).
   *
   * @param instanceId the instance CRN
   * @param fromPlanId the plan the instance left
   * @param toPlanId the plan it moved to
   * @param at when it moved, e.g. the time of the update
   * @throws IllegalArgumentException when both plans are the same
   * @throws IllegalStateException as for {@link #endPlan}; nothing changed then, call again
   * @throws UnsupportedOperationException when the outbox cannot change a plan's metering
   */
  public void changePlan(String instanceId, String fromPlanId, String toPlanId, Instant at) {
    if (Objects.requireNonNull(fromPlanId, "fromPlanId == null").equals(toPlanId)) {
      throw new IllegalArgumentException("the instance stays on plan " + fromPlanId);
    }
    end(instanceId, fromPlanId, Objects.requireNonNull(toPlanId, "toPlanId == null"), at);
  }

  private void end(String instanceId, String planId, String toPlanId, Instant at) {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(at, "at == null");
    life.checkOpen();
    life.wakeIf(ticker.end(instanceId, planId, toPlanId, at));
  }

  /** How many counts were dropped because their instance's metering had ended. */
  long droppedAfterEnd() {
    return ends.dropped();
  }

  /** How many ended windows the last close left open, unable to build their records. */
  int unclosedWindows() {
    return ticker.unclosedWindows();
  }

  /** Runs one persist-and-close step now (the background thread does it every interval). */
  void tick() {
    life.tick();
  }

  /**
   * Stops counting: persists the last counts and closes ended windows; with a non-durable
   * outbox it also turns the open windows into records that end now. While the outbox fails
   * (e.g. its database is down) the persist is retried for up to the reporter's flush timeout;
   * counts it could not persist by then are lost, logged as an ERROR. Later {@code add} and
   * {@code sample} calls throw. A call that was counting while it closed returns normally only
   * once its count is persisted (with a durable outbox it persists it after the close);
   * otherwise it throws. Calling it again does nothing.
   */
  @Override
  public void close() {
    life.close();
  }

  /** Configures a {@link UsageMeter}. */
  public static final class Builder {
    private final UsageReporter reporter;
    private Duration window = Duration.ofHours(1);
    private Duration persistInterval = Duration.ofSeconds(1);
    private String region;
    private String consumerId;
    private Clock clock;
    private boolean manualTicks;

    private Builder(UsageReporter reporter) {
      this.reporter = Objects.requireNonNull(reporter, "reporter == null");
      this.clock = reporter.core().clock();
    }

    /**
     * Sets the window length; default one hour, as IBM expects for metered plans.
     *
     * @param window one second to one day (a month's usage must reach IBM by the second day
     *     of the next month), whole milliseconds
     * @return this builder
     */
    public Builder window(Duration window) {
      Objects.requireNonNull(window, "window == null");
      MeterChecks.within(window, Duration.ofSeconds(1), Duration.ofDays(1),
          "window must be 1 second to 1 day");
      if (window.getNano() % 1_000_000 != 0) {
        throw new IllegalArgumentException("window must be whole milliseconds: " + window);
      }
      this.window = window;
      return this;
    }

    /**
     * Sets how often counts are handed to the outbox and ended windows closed; default one
     * second, which bounds what a {@code kill -9} loses with a durable outbox.
     *
     * @param interval 1 ms to one day
     * @return this builder
     */
    public Builder persistInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval == null");
      MeterChecks.within(interval, Duration.ofMillis(1), Duration.ofDays(1),
          "interval must be 1 ms to 1 day");
      this.persistInterval = interval;
      return this;
    }

    /**
     * Sets the region of records whose instance id is not a CRN naming one.
     *
     * @param region the region, e.g. {@code us-south}
     * @return this builder
     */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region == null");
      return this;
    }

    /**
     * Sets the consumer id of this meter's records, to tell apart replicas that do not share
     * an outbox.
     *
     * @param consumerId the consumer id
     * @return this builder
     */
    public Builder consumerId(String consumerId) {
      this.consumerId = Objects.requireNonNull(consumerId, "consumerId == null");
      return this;
    }

    /**
     * Sets the clock that assigns counts to windows; default the reporter's clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** Tests: no background thread; the test calls {@link UsageMeter#tick()}. */
    Builder manualTicks() {
      this.manualTicks = true;
      return this;
    }

    /**
     * Builds the meter and starts its background thread.
     *
     * @return the meter
     */
    public UsageMeter build() {
      return new UsageMeter(this);
    }
  }
}
