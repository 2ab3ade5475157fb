package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsageRecordTest {
  static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
  static final Instant END = Instant.parse("2026-01-01T11:00:00Z");

  @Test
  void validRecordKeepsMillisecondPrecision() {
    UsageRecord r = UsageRecord.builder(CRN, "plan-1")
        .window(START.plusNanos(1_234_567), END).measure("API_CALL", 3).build();
    assertThat(r.start()).isEqualTo(START.plusMillis(1));
    assertThat(r.quantity("API_CALL")).isEqualTo(3);
    assertThat(r.quantity("OTHER")).isZero();
  }

  @Test
  void everyProblemIsNamedAtOnce() {
    assertThatThrownBy(() -> UsageRecord.builder(" ", null).window(END, START)
        .measure("API_CALL", Double.NaN).measure("API_CALL", -1).measure("GB", 1).build())
        .isInstanceOfSatisfying(InvalidUsageRecordException.class, e ->
            assertThat(e.problems()).containsExactly(
                "resource_instance_id is required",
                "plan_id is required",
                "start 2026-01-01T11:00:00Z is after end 2026-01-01T10:00:00Z",
                "quantity of API_CALL must be finite and >= 0: NaN",
                "measure API_CALL appears twice",
                "quantity of API_CALL must be finite and >= 0: -1.0"))
        .hasMessageStartingWith("invalid usage record: resource_instance_id is required; ");
  }

  @Test
  void controlCharactersAndOverlongKeysAreRefused() {
    assertThatThrownBy(() -> UsageRecord.builder(CRN + "\u0000", "plan\n").region("us\u007f")
        .consumerId("c\t").window(START, END).measure("API\u0001CALL", 1).build())
        .isInstanceOfSatisfying(InvalidUsageRecordException.class, e ->
            assertThat(e.problems()).containsExactly(
                "resource_instance_id holds a control character",
                "plan_id holds a control character",
                "region holds a control character",
                "consumer_id holds a control character",
                "measure name API\u0001CALL holds a control character"));
    assertThatThrownBy(() -> UsageRecord.builder(CRN + "\u00e9".repeat(1000), "plan-1")
        .window(START, END).measure("API_CALL", 1).build())
        .isInstanceOf(InvalidUsageRecordException.class)
        .hasMessageContaining("the record's key would be").hasMessageContaining("at most 2048");
    // at the limit: a 1,024-byte instance id with a plan id and a consumer id
    UsageRecord.builder(CRN + "x".repeat(1024 - CRN.length()), "plan-1").consumerId("c-1")
        .window(START, END).measure("API_CALL", 1).build();
  }

  @Test
  void keyOfExactlyTheLimitIsKeptAndOneByteMoreIsRefused() {
    // key: instance|plan-1||<13 digits>|<13 digits>| = instance + 37 bytes
    String fits = CRN + "\u00e9".repeat((UsageRecord.MAX_KEY_BYTES - 37 - CRN.length()) / 2);
    UsageRecord atLimit = UsageRecord.builder(fits, "plan-1").window(START, END)
        .measure("API_CALL", 1).build();
    assertThat(atLimit.key().getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .hasSize(UsageRecord.MAX_KEY_BYTES);
    assertThatThrownBy(() -> UsageRecord.builder(fits + "x", "plan-1").window(START, END)
        .measure("API_CALL", 1).build())
        .isInstanceOf(InvalidUsageRecordException.class)
        .hasMessageContaining("the record's key would be 2049 bytes, at most 2048");
  }

  @Test
  void missingWindowAndMeasuresAreRefused() {
    assertThatThrownBy(() -> UsageRecord.builder(CRN, "plan-1").build())
        .isInstanceOfSatisfying(InvalidUsageRecordException.class, e ->
            assertThat(e.problems()).containsExactly("start is required", "end is required",
                "measured_usage needs at least one measure"));
  }

  @Test
  void infiniteQuantityIsRefused() {
    assertThatThrownBy(() -> UsageRecord.builder(CRN, "plan-1").window(START, END)
        .measure("API_CALL", Double.POSITIVE_INFINITY).build())
        .isInstanceOf(InvalidUsageRecordException.class).hasMessageContaining("Infinity");
  }

  @Test
  void regionIsRequiredWhenTheInstanceIdNamesNone() {
    assertThatThrownBy(() -> UsageRecord.builder("plain-instance-id", "plan-1")
        .window(START, END).measure("API_CALL", 1).build())
        .isInstanceOf(InvalidUsageRecordException.class).hasMessageContaining("region is required");
    assertThatThrownBy(() -> UsageRecord.builder("crn:v1:bluemix:public:hello::a/acc:i::", "p")
        .window(START, END).measure("API_CALL", 1).build())
        .isInstanceOf(InvalidUsageRecordException.class).hasMessageContaining("region is required");
    UsageRecord r = UsageRecord.builder("plain-instance-id", "plan-1").region("eu-de")
        .window(START, END).measure("API_CALL", 1).build();
    assertThat(r.region()).isEqualTo("eu-de");
  }

  @Test
  void keyIsIbmsDuplicateKeyWithoutMeasures() {
    UsageRecord a = UsageRecord.builder(CRN, "plan-1").window(START, END)
        .measure("API_CALL", 1).build();
    UsageRecord b = UsageRecord.builder(CRN, "plan-1").window(START, END)
        .measure("API_CALL", 9).measure("GB", 2).build();
    UsageRecord c = UsageRecord.builder(CRN, "plan-1").window(START, END).consumerId("r2")
        .measure("API_CALL", 1).build();
    assertThat(a.key()).isEqualTo(b.key()).isNotEqualTo(c.key())
        .isEqualTo(CRN + "|plan-1||1767261600000|1767265200000|");
  }

  @Test
  void keyEscapesTheSeparator() {
    UsageRecord a = UsageRecord.builder("x|y", "p").region("r").window(START, END)
        .measure("M", 1).build();
    UsageRecord b = UsageRecord.builder("x", "y|p").region("r").window(START, END)
        .measure("M", 1).build();
    assertThat(a.key()).isNotEqualTo(b.key());
  }

  @Test
  void rejectionMustCarryItsRecordsKey() {
    UsageRecord a = UsageRecord.builder(CRN, "plan-1").window(START, END)
        .measure("API_CALL", 1).build();
    UsageRecord other = UsageRecord.builder(CRN, "plan-2").window(START, END)
        .measure("API_CALL", 1).build();
    assertThat(new RejectedUsage(a.key(), a, 400, "c", "m", START).key()).isEqualTo(a.key());
    assertThatThrownBy(() -> new RejectedUsage(other.key(), a, 400, "c", "m", START))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not the record's key");
  }
  @Test
  void timesBeforeTheEpochOrAfterTheYear9999AreRefused() {
    // PostgreSQL's outbox cannot store year -5000 or +300000 and IBM takes epoch milliseconds:
    // such a record failed a whole append there but was queued by the in-memory outbox
    assertThatThrownBy(() -> UsageRecord.builder(CRN, "plan-1")
        .window(Instant.parse("-5000-01-01T00:00:00Z"), Instant.parse("+300000-01-01T00:00:00Z"))
        .measure("API_CALL", 1).build())
        .isInstanceOfSatisfying(InvalidUsageRecordException.class, e ->
            assertThat(e.problems()).containsExactly(
                "start -5000-01-01T00:00:00Z is before 1970-01-01T00:00:00Z",
                "end +300000-01-01T00:00:00Z is after 9999-12-31T23:59:59.999Z"));
    assertThatThrownBy(() -> UsageRecord.builder(CRN, "plan-1")
        .window(UsageRecord.EARLIEST.minusMillis(1), START).measure("API_CALL", 1).build())
        .isInstanceOf(InvalidUsageRecordException.class).hasMessageContaining("start");
    assertThatThrownBy(() -> UsageRecord.builder(CRN, "plan-1")
        .window(START, UsageRecord.LATEST.plusMillis(1)).measure("API_CALL", 1).build())
        .isInstanceOf(InvalidUsageRecordException.class).hasMessageContaining("end");
    UsageRecord widest = UsageRecord.builder(CRN, "plan-1")
        .window(UsageRecord.EARLIEST, UsageRecord.LATEST.plusNanos(999_999))
        .measure("API_CALL", 1).build();
    assertThat(widest.end()).isEqualTo(Instant.parse("9999-12-31T23:59:59.999Z"));
  }
}
