package io.github.osbsdk.broker.metering;

import io.github.osbsdk.broker.api.internal.Texts;
import io.github.osbsdk.broker.metering.internal.RecordKeys;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One immutable usage record as IBM Cloud's usage metering API takes it
 * ({@code POST /v4/metering/resources/{resource_id}/usage}).
 *
 * <p>Building a record checks what can be checked without context and reports every problem
 * at once in an {@link InvalidUsageRecordException}: required fields, {@code start <= end},
 * times from {@link #EARLIEST} to {@link #LATEST},
 * measures present, named once each, with finite quantities {@code >= 0}, a region when the
 * instance id is not a CRN that names one, no control characters (U+0000 to U+001F, U+007F) in
 * any id, name or region, and a {@link #key()} of at most {@value #MAX_KEY_BYTES} bytes of
 * UTF-8 (the outbox's database keeps records under it, in one index entry).
 * {@link UsageReporter#report(UsageRecord)} adds the checks that need context: not in the
 * future, plan metered and measures declared by it. Times are kept at millisecond precision, as
 * on the wire.
 *
 * <p>IBM treats two records with the same {@link #key()} (instance, plan, region, start, end,
 * consumer) as the same record whatever their quantities: the second is answered 409. A region
 * equal to the one the CRN names is neither in the key nor sent, so records naming it and records
 * leaving it to the CRN are one record.
 *
 * <p>IBM also refuses for good (400) a record whose {@code start} or {@code end} lies outside
 * the instance's life. A meter's record starts at the window's first count or sample
 * ({@link MeterCount#firstAt}, the earliest of all replicas', truncated to the millisecond; the
 * window's start when no replica's is known) and ends at the window's end, or at the instance's
 * end when {@link UsageMeter#endInstance} was called (do so at deprovision); its bounds are
 * fixed once built, so its key stays stable. A record you build yourself must lie within the life.
 *
 * @param resourceInstanceId the instance CRN ({@code resource_instance_id})
 * @param planId the plan id ({@code plan_id})
 * @param region the region ({@code region}), or null when the CRN names one
 * @param start the window start ({@code start}, epoch milliseconds on the wire)
 * @param end the window end ({@code end}, epoch milliseconds on the wire)
 * @param measuredUsage the measures ({@code measured_usage}), at least one
 * @param consumerId tells apart several records of one instance in one window
 *     ({@code consumer_id}), or null
 */
public record UsageRecord(String resourceInstanceId, String planId, String region, Instant start,
    Instant end, List<Measure> measuredUsage, String consumerId) {
  /** The longest {@link #key()} a record may have, in bytes of UTF-8. */
  public static final int MAX_KEY_BYTES = 2048;
  /** The earliest start a record may have: the epoch, as IBM takes epoch milliseconds. */
  public static final Instant EARLIEST = Instant.EPOCH;
  /**
   * The latest end a record may have: the last millisecond of the year 9999 (every outbox,
   * e.g. PostgreSQL's, stores the times of this range).
   */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  /**
   * Creates a record, checking it.
   *
   * @param resourceInstanceId the instance CRN
   * @param planId the plan id
   * @param region the region or null
   * @param start the window start
   * @param end the window end
   * @param measuredUsage the measures
   * @param consumerId the consumer id or null
   * @throws InvalidUsageRecordException naming every problem
   */
  public UsageRecord {
    List<String> problems = new ArrayList<>();
    if (isBlank(resourceInstanceId)) {
      problems.add("resource_instance_id is required");
    }
    if (isBlank(planId)) {
      problems.add("plan_id is required");
    }
    if (start == null) {
      problems.add("start is required");
    }
    if (end == null) {
      problems.add("end is required");
    }
    if (start != null && end != null && start.isAfter(end)) {
      problems.add("start " + start + " is after end " + end);
    }
    if (start != null && start.truncatedTo(ChronoUnit.MILLIS).isBefore(EARLIEST)) {
      problems.add("start " + start + " is before " + EARLIEST);
    }
    if (end != null && end.truncatedTo(ChronoUnit.MILLIS).isAfter(LATEST)) {
      problems.add("end " + end + " is after " + LATEST);
    }
    if (region != null && region.isBlank()) {
      problems.add("region is blank");
    }
    if (region == null && !isBlank(resourceInstanceId) && crnRegion(resourceInstanceId) == null) {
      problems.add("region is required: resource_instance_id is not a CRN that names a region");
    }
    if (consumerId != null && consumerId.isBlank()) {
      problems.add("consumer_id is blank");
    }
    measuredUsage = measuredUsage == null ? List.of() : List.copyOf(measuredUsage);
    if (measuredUsage.isEmpty()) {
      problems.add("measured_usage needs at least one measure");
    }
    Set<String> seen = new HashSet<>();
    for (Measure m : measuredUsage) {
      if (m.measure().isBlank()) {
        problems.add("a measure has a blank name");
      } else if (!seen.add(m.measure())) {
        problems.add("measure " + m.measure() + " appears twice");
      }
      if (!Double.isFinite(m.quantity()) || m.quantity() < 0) {
        problems.add("quantity of " + m.measure() + " must be finite and >= 0: " + m.quantity());
      }
    }
    String[][] texts = {{"resource_instance_id", resourceInstanceId}, {"plan_id", planId},
        {"region", region}, {"consumer_id", consumerId}};
    for (String[] text : texts) {
      if (text[1] != null && Texts.hasControlCharacter(text[1])) {
        problems.add(text[0] + " holds a control character");
      }
    }
    for (Measure m : measuredUsage) {
      if (Texts.hasControlCharacter(m.measure())) {
        problems.add("measure name " + m.measure().strip() + " holds a control character");
      }
    }
    if (problems.isEmpty()) {
      int keyBytes = Texts.utf8Length(RecordKeys.of(resourceInstanceId, planId, region,
          start.truncatedTo(ChronoUnit.MILLIS), end.truncatedTo(ChronoUnit.MILLIS), consumerId));
      if (keyBytes > MAX_KEY_BYTES) {
        problems.add("resource_instance_id, plan_id, region and consumer_id are too long: the"
            + " record's key would be " + keyBytes + " bytes, at most " + MAX_KEY_BYTES);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidUsageRecordException(problems);
    }
    start = start.truncatedTo(ChronoUnit.MILLIS);
    end = end.truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * Starts a record for one instance and plan.
   *
   * @param resourceInstanceId the instance CRN
   * @param planId the plan id
   * @return a builder
   */
  public static Builder builder(String resourceInstanceId, String planId) {
    return new Builder(resourceInstanceId, planId);
  }

  /**
   * Returns the quantity of a measure.
   *
   * @param measure the measure id
   * @return the quantity, or 0 when the record has no such measure
   */
  public double quantity(String measure) {
    for (Measure m : measuredUsage) {
      if (m.measure().equals(measure)) {
        return m.quantity();
      }
    }
    return 0;
  }

  /**
   * Returns the key IBM deduplicates on and the outbox stores records under: instance, plan,
   * region, start, end and consumer, joined with {@code |} (a {@code |} or {@code \} inside a
   * field is escaped with {@code \}). Measures and quantities are not part of it, as they are
   * not part of IBM's key. A region equal to the one the instance's CRN names is left out of
   * the key (and of what is sent to IBM), so that a record naming it and one leaving it to the
   * CRN are the same record.
   *
   * @return the key, e.g. {@code crn:v1:...::|plan-1||1767225600000|1767229200000|}
   */
  public String key() {
    return RecordKeys.of(resourceInstanceId, planId, regionToSend(), start, end, consumerId);
  }

  /** The region as keyed and sent: null when it is the region the instance's CRN names. */
  private String regionToSend() {
    return region != null && region.equals(crnRegion(resourceInstanceId)) ? null : region;
  }

  /**
   * Tells whether an outbox may hold this record under {@code storedKey}: its {@link #key()},
   * or, when its instance's CRN names a region and the record names that one or none, the key
   * earlier versions of this SDK gave it (they kept that region in the key). A durable outbox
   * may still hold records stored so, and replicas not yet upgraded keep storing them during a
   * rolling upgrade.
   *
   * @param storedKey the key the record is stored under
   * @return true when it is this record's key, current or earlier
   */
  public boolean hasKey(String storedKey) {
    return RecordKeys.stored(this).contains(storedKey);
  }

  /**
   * Returns the region a CRN names ({@code crn:v1:bluemix:public:<service>:<region>:...}).
   *
   * @param crn the CRN
   * @return the region, or null when the text is no CRN or names no region
   */
  public static String crnRegion(String crn) {
    if (!crn.startsWith("crn:")) {
      return null;
    }
    String[] parts = crn.split(":", -1);
    return parts.length > 5 && !parts[5].isBlank() ? parts[5] : null;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  /** Builds a {@link UsageRecord}; every problem is reported by {@link #build()}. */
  public static final class Builder {
    private final String resourceInstanceId;
    private final String planId;
    private String region;
    private Instant start;
    private Instant end;
    private final List<Measure> measures = new ArrayList<>();
    private String consumerId;

    private Builder(String resourceInstanceId, String planId) {
      this.resourceInstanceId = resourceInstanceId;
      this.planId = planId;
    }

    /**
     * Sets the region, needed when the instance id is not a CRN naming one.
     *
     * @param region the region, e.g. {@code us-south}
     * @return this builder
     */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /**
     * Sets the window.
     *
     * @param start the window start
     * @param end the window end, not before the start
     * @return this builder
     */
    public Builder window(Instant start, Instant end) {
      this.start = start;
      this.end = end;
      return this;
    }

    /**
     * Adds a measure.
     *
     * @param measure the measure id, e.g. {@code API_CALL}
     * @param quantity the amount, finite and {@code >= 0}
     * @return this builder
     */
    public Builder measure(String measure, double quantity) {
      measures.add(new Measure(Objects.requireNonNull(measure, "measure == null"), quantity));
      return this;
    }

    /**
     * Sets the consumer id.
     *
     * @param consumerId the consumer id
     * @return this builder
     */
    public Builder consumerId(String consumerId) {
      this.consumerId = consumerId;
      return this;
    }

    /**
     * Builds the record.
     *
     * @return the record
     * @throws InvalidUsageRecordException naming every problem
     */
    public UsageRecord build() {
      return new UsageRecord(resourceInstanceId, planId, region, start, end, measures, consumerId);
    }
  }
}
