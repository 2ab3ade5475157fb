package io.github.osbsdk.broker.testkit.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    private final IamSimulator iam = IamSimulator.start();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void downEndpointClosesTheConnectionWithoutAResponse() {
        iam.faults().down(IamEndpoint.KEYS);

        assertThatThrownBy(() -> SimHttp.get(iam.url(IamEndpoint.KEYS)))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(iam.requestCount(IamEndpoint.KEYS)).isPositive();
        assertThat(SimHttp.get(iam.url(IamEndpoint.DISCOVERY)).statusCode()).isEqualTo(200);
    }

    @Test
    void downTokenEndpointAlsoDropsPostRequests() {
        iam.registerApiKey("k", "iam-ServiceId-1").faults().down(IamEndpoint.TOKEN);

        assertThatThrownBy(() -> SimHttp.apiKeyGrant(iam, "k"))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void failWithAnswersTheStatusWithAnIamErrorBody() {
        iam.registerApiKey("k", "iam-ServiceId-1").faults().failWith(IamEndpoint.TOKEN, 503);

        HttpResponse<String> response = SimHttp.apiKeyGrant(iam, "k");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode body = SimHttp.json(response);
        assertThat(body.get("errorCode").asText()).isNotBlank();
        assertThat(body.get("errorMessage").asText()).isNotBlank();
        assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(1);
    }

    @Test
    void tooManyRequestsAnswers429WithRetryAfterInSecondsOrAsHttpDate() {
        iam.faults().tooManyRequests(IamEndpoint.KEYS, Duration.ofSeconds(30));
        HttpResponse<String> seconds = SimHttp.get(iam.url(IamEndpoint.KEYS));

        assertThat(seconds.statusCode()).isEqualTo(429);
        assertThat(seconds.headers().firstValue("Retry-After")).contains("30");
        assertThat(SimHttp.json(seconds).get("errorCode").asText()).isNotBlank();

        iam.faults().tooManyRequests(IamEndpoint.KEYS,
                java.time.Instant.parse("2031-11-06T08:49:37Z"));
        HttpResponse<String> date = SimHttp.get(iam.url(IamEndpoint.KEYS));

        assertThat(date.statusCode()).isEqualTo(429);
        assertThat(date.headers().firstValue("Retry-After"))
                .contains("Thu, 06 Nov 2031 08:49:37 GMT");

        iam.faults().failWith(IamEndpoint.KEYS, 503);
        assertThat(SimHttp.get(iam.url(IamEndpoint.KEYS)).headers().firstValue("Retry-After"))
                .isEmpty();
    }

    @Test
    void failWithOnAuthzOverridesEvenAValidRequest() {
        iam.permit("*", "*", "*").faults().failWith(IamEndpoint.AUTHZ, 500);

        HttpResponse<String> response = SimHttp.postJson(iam.url(IamEndpoint.AUTHZ),
                iam.serviceIdToken("iam-ServiceId-1"),
                "[{\"subject\":{\"attributes\":{\"id\":\"u\"}},\"action\":\"a\","
                        + "\"resource\":{\"crn\":\"c\"}}]");

        assertThat(response.statusCode()).isEqualTo(500);
    }

    @Test
    void delayHoldsTheResponseBackLongEnoughForClientTimeouts() {
        iam.faults().delay(IamEndpoint.KEYS, Duration.ofMillis(400));

        long start = System.nanoTime();
        HttpResponse<String> response = SimHttp.get(iam.url(IamEndpoint.KEYS));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThatThrownBy(() -> SimHttp.send(HttpRequest.newBuilder(iam.url(IamEndpoint.KEYS))
                .timeout(Duration.ofMillis(100)).GET().build()))
                .hasCauseInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void delayCombinesWithFailure() {
        iam.faults().delay(IamEndpoint.DISCOVERY, Duration.ofMillis(200))
                .failWith(IamEndpoint.DISCOVERY, 502);

        long start = System.nanoTime();
        HttpResponse<String> response = SimHttp.get(iam.url(IamEndpoint.DISCOVERY));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void delayedRequestsDoNotStarveOtherEndpoints() throws InterruptedException {
        iam.faults().delay(IamEndpoint.KEYS, Duration.ofSeconds(30));
        List<CompletableFuture<HttpResponse<String>>> stuck = IntStream.range(0, 6)
                .mapToObj(i -> SimHttp.CLIENT.sendAsync(
                        HttpRequest.newBuilder(iam.url(IamEndpoint.KEYS)).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .collect(Collectors.toList());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (iam.requestCount(IamEndpoint.KEYS) < 6 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(iam.requestCount(IamEndpoint.KEYS)).isEqualTo(6);

        HttpResponse<String> discovery = SimHttp.send(HttpRequest.newBuilder(
                iam.url(IamEndpoint.DISCOVERY)).timeout(Duration.ofSeconds(5)).build());

        assertThat(discovery.statusCode()).isEqualTo(200);
        stuck.forEach(f -> f.cancel(true));
    }

    @Test
    void malformedResponseIsNotJson() {
        iam.faults().malformedResponse(IamEndpoint.KEYS);

        HttpResponse<String> response = SimHttp.get(iam.url(IamEndpoint.KEYS));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> SimHttp.json(response)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void limitedFaultsRecoverByThemselves() {
        iam.registerApiKey("k", "iam-ServiceId-1").faults()
                .failWith(IamEndpoint.TOKEN, 500).forNextRequests(IamEndpoint.TOKEN, 2);

        assertThat(SimHttp.apiKeyGrant(iam, "k").statusCode()).isEqualTo(500);
        assertThat(SimHttp.apiKeyGrant(iam, "k").statusCode()).isEqualTo(500);
        assertThat(SimHttp.apiKeyGrant(iam, "k").statusCode()).isEqualTo(200);
        assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(3);
        assertThatThrownBy(() -> iam.faults().forNextRequests(IamEndpoint.TOKEN, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resetRestoresNormalService() {
        iam.faults().down(IamEndpoint.KEYS).failWith(IamEndpoint.DISCOVERY, 500)
                .delay(IamEndpoint.AUTHORIZE, Duration.ofSeconds(30));

        iam.faults().reset(IamEndpoint.KEYS);

        assertThat(SimHttp.get(iam.url(IamEndpoint.KEYS)).statusCode()).isEqualTo(200);
        assertThat(SimHttp.get(iam.url(IamEndpoint.DISCOVERY)).statusCode()).isEqualTo(500);

        iam.faults().reset();

        assertThat(SimHttp.get(iam.url(IamEndpoint.DISCOVERY)).statusCode()).isEqualTo(200);
        assertThat(SimHttp.get(iam.url(IamEndpoint.AUTHORIZE)).statusCode()).isEqualTo(400);
    }

    /**
     * The simulator is closed once the request is in its delay (counted, which the handler does
     * just before it waits), not 200 ms after the closer started: a request sent later than that
     * (a loaded machine) found the server closed and failed at once, and the test passed without
     * any delayed request to interrupt. The bound tells an interrupted wait from the 30 s one.
     */
    @Test
    void closeInterruptsDelayedRequests() {
        iam.faults().delay(IamEndpoint.KEYS, Duration.ofSeconds(30));
        Thread closer = new Thread(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            try {
                while (iam.requestCount(IamEndpoint.KEYS) == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            iam.close();
        });
        closer.start();

        long start = System.nanoTime();
        assertThatThrownBy(() -> SimHttp.get(iam.url(IamEndpoint.KEYS)))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(iam.requestCount(IamEndpoint.KEYS)).as("the request reached its delay")
                .isEqualTo(1);
    }

    @Test
    void invalidFaultArgumentsAreRejected() {
        assertThatThrownBy(() -> iam.faults().failWith(IamEndpoint.TOKEN, 200))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> iam.faults().delay(IamEndpoint.TOKEN, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> iam.faults().down(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aDelayTooLongToCountInMillisecondsHoldsTheResponseInsteadOfFailing() {
        iam.faults().delay(IamEndpoint.KEYS, Duration.ofSeconds(Long.MAX_VALUE));

        assertThatThrownBy(() -> SimHttp.send(HttpRequest.newBuilder(iam.url(IamEndpoint.KEYS))
                .timeout(Duration.ofMillis(300)).GET().build()))
                .hasCauseInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void aRetryAfterOfPartOfASecondIsRoundedUpAndAHugeOneIsAnnouncedWithoutOverflow() {
        iam.faults().tooManyRequests(IamEndpoint.KEYS, Duration.ofMillis(500));
        assertThat(SimHttp.get(iam.url(IamEndpoint.KEYS)).headers().firstValue("Retry-After"))
                .contains("1");

        iam.faults().tooManyRequests(IamEndpoint.KEYS, Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(SimHttp.get(iam.url(IamEndpoint.KEYS)).headers().firstValue("Retry-After"))
                .contains(Long.toString(Long.MAX_VALUE));
    }

    @Test
    void aRetryAtThatNoHttpDateCanExpressIsRefused() {
        for (java.time.Instant retryAt : List.of(java.time.Instant.MAX, java.time.Instant.MIN,
                java.time.Instant.parse("+10000-01-01T00:00:00Z"))) {
            assertThatThrownBy(() -> iam.faults().tooManyRequests(IamEndpoint.KEYS, retryAt))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("years 1 to 9999");
        }
        assertThatThrownBy(() -> iam.faults().tooManyRequests(IamEndpoint.KEYS,
                Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }
}
