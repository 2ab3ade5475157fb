package io.github.osbsdk.broker.testkit.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MeteringSimulatorTest {
    static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
    static final long END = Instant.parse("2026-01-01T11:00:00Z").toEpochMilli();
    static final long START = END - 3_600_000;

    final HttpClient http = HttpClient.newHttpClient();
    MeteringSimulator sim;

    @BeforeEach
    void start() {
        sim = MeteringSimulator.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    static String record(String instance, String plan, long start, long end, double calls) {
        return "{\"resource_instance_id\":\"" + instance + "\",\"plan_id\":\"" + plan
                + "\",\"start\":" + start + ",\"end\":" + end
                + ",\"measured_usage\":[{\"measure\":\"API_CALL\",\"quantity\":" + calls + "}]}";
    }

    HttpResponse<String> post(String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(sim.usageUrl("svc"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eachRecordGetsItsOwnStatusInOrder() throws Exception {
        sim.declarePlan("metered", "API_CALL");
        String body = "[" + record(CRN, "metered", START, END, 3) + ","
                + record(CRN, "metered", START, END, 4) + ","
                + record(CRN, "metered", END, START, 1) + ","
                + record(CRN, "free", START, END, 1) + ","
                + record("no-region", "metered", START, END, 1) + "]";
        HttpResponse<String> response = post(body, "t");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(sim.batches().get(0).recordStatuses()).containsExactly(201, 409, 400, 404, 400);
        assertThat(response.body()).contains("\"location\"").contains("duplicate_usage_record")
                .contains("start is after end").contains("No metering definition for plan free")
                .contains("region is required");
        sim.assertTotal(CRN, "metered", "API_CALL", 3);
        assertThat(sim.duplicateCount()).isEqualTo(1);
    }

    @Test
    void aPlanDeclaredUnderItsResourceIsAnswered404UnderAnotherResourceAsIbmDoes()
            throws Exception {
        sim.declarePlanOf("svc", "metered", "API_CALL");
        sim.declarePlanOf("other-svc", "metered-other", "API_CALL");
        String body = "[" + record(CRN, "metered", START, END, 3) + ","
                + record(CRN, "metered-other", START, END, 2) + "]";
        HttpResponse<String> response = post(body, "t"); // to svc's usage URL
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(sim.batches().get(0).recordStatuses()).containsExactly(201, 404);
        assertThat(response.body()).contains("metering_definition_not_found")
                .contains("metered-other");
        sim.assertTotal(CRN, "metered", "API_CALL", 3);
        assertThat(sim.total(CRN, "metered-other", "API_CALL")).isZero();
    }

    @Test
    void aPlanDeclaredWithoutAResourceIsTakenUnderAnyResource() throws Exception {
        sim.declarePlan("metered", "API_CALL");
        HttpResponse<String> response = post("[" + record(CRN, "metered", START, END, 3) + "]",
                "t");
        assertThat(sim.batches().get(0).recordStatuses()).containsExactly(201);
        assertThat(response.statusCode()).isEqualTo(202);
        sim.assertTotal(CRN, "metered", "API_CALL", 3);
    }

    @Test
    void recordOutsideAnInstancesLifeIsRefusedWith400() throws Exception {
        sim.instanceLife(CRN, Instant.ofEpochMilli(START + 1000), Instant.ofEpochMilli(END - 1000));
        String body = "[" + record(CRN, "metered", START, END - 1000, 1) + ","
                + record(CRN, "metered", START + 1000, END, 2) + ","
                + record(CRN, "metered", START + 1000, END - 1000, 4) + "]";
        HttpResponse<String> response = post(body, "t");
        assertThat(sim.batches().get(0).recordStatuses()).containsExactly(400, 400, 201);
        assertThat(response.body()).contains("start is before the instance's life")
                .contains("end is after the instance's life");
        sim.assertTotal(CRN, "metered", "API_CALL", 4);
    }

    @Test
    void recordOfALivingInstanceMayEndAnyTimeAfterItsStart() throws Exception {
        sim.instanceLife(CRN, Instant.ofEpochMilli(START), null);
        post("[" + record(CRN, "metered", START, END, 1) + "]", "t");
        assertThat(sim.batches().get(0).recordStatuses()).containsExactly(201);
    }

    @Test
    void recordWithConsumerIdNullIsNoDuplicateOfOneWithoutConsumerId() throws Exception {
        String noConsumer = record(CRN, "metered", START, END, 1);
        String consumerNull = noConsumer.replace("{\"resource_instance_id\"",
                "{\"consumer_id\":\"null\",\"resource_instance_id\"");
        HttpResponse<String> response = post("[" + noConsumer + "," + consumerNull + "]", "t");
        assertThat(response.statusCode()).isEqualTo(202);
        // IBM's key holds the consumer id: these are two records, each billed
        assertThat(sim.batches().get(0).recordStatuses()).containsExactly(201, 201);
        sim.assertTotal(CRN, "metered", "API_CALL", 2);
    }

    @Test
    void batchOfMoreThanOneHundredIsRefusedWhole() throws Exception {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            records.add(record(CRN, "metered", START + i, END, 1));
        }
        HttpResponse<String> response = post("[" + String.join(",", records) + "]", "t");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(sim.batches()).singleElement().satisfies(b -> {
            assertThat(b.size()).isEqualTo(101);
            assertThat(b.recordStatuses()).isEmpty();
        });
        sim.assertNothingBilled();
        assertThat(post("[]", "t").statusCode()).isEqualTo(400);
    }

    @Test
    void requestWithoutBearerTokenIsUnauthorized() throws Exception {
        assertThat(post("[" + record(CRN, "metered", START, END, 1) + "]", null).statusCode())
                .isEqualTo(401);
        sim.assertNothingBilled();
    }

    @Test
    void withIamOnlyItsUnexpiredTokensAreAccepted() throws Exception {
        try (IamSimulator iam = IamSimulator.start();
                MeteringSimulator checked = MeteringSimulator.start(iam);
                IamSimulator stranger = IamSimulator.start()) {
            sim.close();
            sim = checked;
            String body = "[" + record(CRN, "metered", START, END, 1) + "]";
            assertThat(post(body, stranger.serviceIdToken("iam-ServiceId-x")).statusCode())
                    .isEqualTo(401);
            assertThat(post(body, iam.token().iamId("iam-ServiceId-x")
                    .expiresIn(Duration.ofMinutes(-5)).sign()).statusCode()).isEqualTo(401);
            assertThat(post(body, iam.serviceIdToken("iam-ServiceId-x")).statusCode())
                    .isEqualTo(202);
            checked.assertTotal(CRN, "metered", "API_CALL", 1);
        }
    }

    @Test
    void assertTotalNamesTheActualTotal() throws Exception {
        post("[" + record(CRN, "metered", START, END, 2) + "]", "t");
        sim.assertTotal(CRN, "metered", "API_CALL", 2);
        assertThatThrownBy(() -> sim.assertTotal(CRN, "metered", "API_CALL", 3))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected 3.0 but was 2.0");
    }

    @Test
    void faultsApplyToTheNextRequestsInOrder() throws Exception {
        sim.faults().failNext(1, 503).throttleNext(1, Duration.ofMillis(1500));
        String body = "[" + record(CRN, "metered", START, END, 1) + "]";
        assertThat(post(body, "t").statusCode()).isEqualTo(503);
        HttpResponse<String> throttled = post(body, "t");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).contains("2");
        sim.assertNothingBilled();
        assertThat(post(body, "t").statusCode()).isEqualTo(202);
        sim.assertTotal(CRN, "metered", "API_CALL", 1);
    }

    @Test
    void aFaultForEveryRequestThereCanBeIsQueuedAtOnceAndAppliesUntilReset() throws Exception {
        sim.faults().failNext(Integer.MAX_VALUE, 503).dropNext(1);
        String body = "[" + record(CRN, "metered", START, END, 1) + "]";

        for (int i = 0; i < 3; i++) {
            assertThat(post(body, "t").statusCode()).isEqualTo(503);
        }
        sim.assertNothingBilled();
        sim.faults().reset();

        assertThat(post(body, "t").statusCode()).isEqualTo(202);
        sim.assertTotal(CRN, "metered", "API_CALL", 1);
    }

    @Test
    void aFaultForSeveralRequestsAnswersThemAllBeforeTheFaultQueuedAfterIt() throws Exception {
        sim.faults().throttleNext(2, Duration.ofSeconds(1)).failNext(1, 500);
        String body = "[" + record(CRN, "metered", START, END, 1) + "]";

        assertThat(post(body, "t").statusCode()).isEqualTo(429);
        assertThat(post(body, "t").statusCode()).isEqualTo(429);
        assertThat(post(body, "t").statusCode()).isEqualTo(500);
        assertThat(post(body, "t").statusCode()).isEqualTo(202);
        assertThat(sim.batches()).extracting(RecordedBatch::httpStatus)
                .containsExactly(429, 429, 500, 202);
    }

    @Test
    void negativeFaultDurationsAreRefused() {
        assertThatThrownBy(() -> sim.faults().throttleNext(1, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> sim.faults().slowNext(1, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    @Test
    void aHugeThrottleIsAnnouncedInWholeSecondsInsteadOfOverflowing() throws Exception {
        sim.faults().throttleNext(1, Duration.ofSeconds(Long.MAX_VALUE));
        String body = "[" + record(CRN, "metered", START, END, 1) + "]";

        HttpResponse<String> throttled = post(body, "t");

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After"))
                .contains(Long.toString(Long.MAX_VALUE));
        assertThat(post(body, "t").statusCode()).isEqualTo(202);
    }

    @Test
    void slowAnswerRecordsTheBatchBeforeTheClientGivesUp() {
        sim.faults().slowNext(1, Duration.ofSeconds(2));
        HttpRequest request = HttpRequest.newBuilder(sim.usageUrl("svc"))
                .header("Authorization", "Bearer t").timeout(Duration.ofMillis(300))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "[" + record(CRN, "metered", START, END, 5) + "]"))
                .build();
        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.net.http.HttpTimeoutException.class);
        sim.assertTotal(CRN, "metered", "API_CALL", 5);
    }

    @Test
    void droppedConnectionAnswersNothing() {
        sim.faults().dropNext(1).dropAfterRecordingNext(1);
        String body = "[" + record(CRN, "metered", START, END, 5) + "]";
        assertThatThrownBy(() -> post(body, "t")).isInstanceOf(IOException.class);
        sim.assertNothingBilled();
        assertThatThrownBy(() -> post(body, "t")).isInstanceOf(IOException.class);
        sim.assertTotal(CRN, "metered", "API_CALL", 5);
    }

    @Test
    void rejectedInstanceGetsTheGivenStatusAndReason() throws Exception {
        sim.faults().rejectRecordsOf(CRN, 424, "instance_metadata", "no such instance");
        HttpResponse<String> response = post("[" + record(CRN, "metered", START, END, 1) + "]",
                "t");
        assertThat(response.body()).contains("424").contains("no such instance");
        sim.assertNothingBilled();
    }

    @Test
    void aBatchHoldingARecordOfARefusedInstanceIsRefusedWholeAndTheOthersAloneAreTaken()
            throws Exception {
        String other = CRN.replace("inst", "other");
        sim.faults().refuseBatchesWith(CRN, "invalid_request", "cannot read the request");
        HttpResponse<String> whole = post("[" + record(other, "metered", START, END, 2) + ","
                + record(CRN, "metered", START, END, 1) + "]", "t");
        assertThat(whole.statusCode()).isEqualTo(400);
        assertThat(whole.body()).contains("invalid_request").contains("cannot read the request");
        sim.assertNothingBilled();
        HttpResponse<String> alone = post("[" + record(other, "metered", START, END, 2) + "]",
                "t");
        assertThat(alone.statusCode()).isEqualTo(202);
        sim.assertTotal(other, "metered", "API_CALL", 2);
        assertThat(sim.batches()).extracting(RecordedBatch::httpStatus).containsExactly(400, 202);
    }

    @Test
    void onlyLoopbackIsBound() {
        assertThat(URI.create(sim.baseUrl().toString()).getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void aSimulatorRestartedOnItsPortKeepsItsUrlAndTakesRecords() throws Exception {
        int port = sim.baseUrl().getPort();
        sim.close();
        sim = MeteringSimulator.start(port, null);
        assertThat(sim.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:" + port));
        HttpResponse<String> response = post("[" + record(CRN, "metered", START, END, 2) + "]",
                "t");
        assertThat(response.statusCode()).isEqualTo(202);
        sim.assertTotal(CRN, "metered", "API_CALL", 2);
    }

    @Test
    void aPortOutsideTheRangeIsRefused() {
        assertThatThrownBy(() -> MeteringSimulator.start(65536, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65536");
    }
}
