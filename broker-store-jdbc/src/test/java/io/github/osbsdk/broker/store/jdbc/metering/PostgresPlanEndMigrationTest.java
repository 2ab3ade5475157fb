package io.github.osbsdk.broker.store.jdbc.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.metering.Aggregation;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.store.jdbc.internal.MigrationRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A database whose {@code osb_usage_instance_end} holds ends written before plan ends existed
 * is upgraded (V12 adds {@code osb_usage_plan_end}): an old row still ends the instance on every
 * plan, and a plan end added afterwards ends only its plan.
 */
class PostgresPlanEndMigrationTest {
  private static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  private static final String OTHER = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-2::";
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  /** The versions before the plan-end migration. */
  private static final int BEFORE =
      MigrationRunner.FILES.indexOf("V12__usage_plan_end.sql");

  private static MeterCount count(String instance, String plan) {
    return new MeterCount(instance, plan, "API_CALL", Aggregation.SUM, T0,
        T0.plus(Duration.ofHours(1)), 1);
  }

  @Test
  void anInstanceEndStoredBeforeThePlanEndsStillEndsEveryPlanOfTheInstance() throws Exception {
    DataSource ds = TestDatabase.replicaA();
    String schema = TestDatabase.freshSchema("m_");
    assertThat(MigrationRunner.apply(ds, schema, BEFORE)).isEqualTo(BEFORE);
    Instant end = T0.plusSeconds(90);
    TestDatabase.execute(ds, "INSERT INTO " + schema + ".osb_usage_instance_end"
        + " (resource_instance_id, ended_at) VALUES ('" + CRN + "', '" + end + "')");
    TestDatabase.appliesTheRestAfter(ds, schema, BEFORE);
    PostgresUsageOutbox outbox = PostgresUsageOutbox.builder(ds).schema(schema).build();
    assertThat(outbox.endedAt(CRN)).contains(end);
    assertThat(outbox.endedAt(CRN, "metered")).contains(end);
    assertThat(outbox.endedAt(CRN, "metered-large")).contains(end);
    MeterCount onOne = count(CRN, "metered");
    MeterCount onAnother = count(CRN, "metered-large");
    assertThat(outbox.mergeOpenCounts(List.of(onOne, onAnother)))
        .containsExactlyInAnyOrder(onOne, onAnother);
    // a plan end of another instance, after the upgrade, ends only that plan
    outbox.endPlan(OTHER, "metered", end, counts -> null);
    MeterCount otherOne = count(OTHER, "metered");
    MeterCount otherAnother = count(OTHER, "metered-large");
    assertThat(outbox.mergeOpenCounts(List.of(otherOne, otherAnother)))
        .containsExactly(otherOne);
    assertThat(outbox.endedAt(OTHER)).isEmpty();
  }
}
