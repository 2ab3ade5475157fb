package io.github.osbsdk.broker.testkit.iam;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What reached the simulator, for tests to assert on: how many requests each endpoint got
 * (faulted and refused ones included) and the last {@code /v2/authz} request.
 */
final class RequestLog {

    private final Map<IamEndpoint, AtomicLong> counters = new EnumMap<>(IamEndpoint.class);
    private volatile String lastTransactionId;
    private volatile String lastAuthzRequestBody;

    RequestLog() {
        for (IamEndpoint e : IamEndpoint.values()) {
            counters.put(e, new AtomicLong());
        }
    }

    void countRequest(IamEndpoint endpoint) {
        counters.get(endpoint).incrementAndGet();
    }

    long requestCount(IamEndpoint endpoint) {
        return counters.get(endpoint).get();
    }

    void resetCounters() {
        counters.values().forEach(c -> c.set(0));
    }

    void recordAuthzRequest(String transactionId, String body) {
        lastTransactionId = transactionId;
        lastAuthzRequestBody = body;
    }

    String lastTransactionId() {
        return lastTransactionId;
    }

    String lastAuthzRequestBody() {
        return lastAuthzRequestBody;
    }
}
