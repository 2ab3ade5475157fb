package io.github.osbsdk.broker.testkit.metering;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a {@link MeteringSimulator} received and billed: every request, the accepted records and
 * their keys (a key accepted again is a duplicate, 409), and the billed totals. Thread-safe.
 */
final class UsageLedger {
    private final Set<List<Object>> acceptedKeys = new HashSet<>(); // guarded by this
    private final List<ReceivedRecord> accepted = new ArrayList<>(); // guarded by this
    private final List<RecordedBatch> batches = new ArrayList<>(); // guarded by this
    private final Map<String, Double> totals = new TreeMap<>(); // guarded by this
    private int duplicates; // guarded by this

    synchronized void recordBatch(RecordedBatch batch) {
        batches.add(batch);
    }

    /** Accepts a valid record: 201, or 409 when its key was accepted before. */
    synchronized int accept(ReceivedRecord record) {
        if (!acceptedKeys.add(record.duplicateKey())) {
            duplicates++;
            return 409;
        }
        accepted.add(record);
        record.measures().forEach((measure, quantity) -> totals.merge(
                totalKey(record.resourceInstanceId(), record.planId(), measure), quantity,
                Double::sum));
        return 201;
    }

    synchronized double total(String resourceInstanceId, String planId, String measure) {
        return totals.getOrDefault(totalKey(resourceInstanceId, planId, measure), 0.0);
    }

    /** Every total, for an assertion's message. */
    synchronized String totalsText() {
        return totals.toString();
    }

    synchronized List<ReceivedRecord> accepted() {
        return List.copyOf(accepted);
    }

    synchronized List<RecordedBatch> batches() {
        return List.copyOf(batches);
    }

    synchronized int duplicates() {
        return duplicates;
    }

    /** Forgets every record, batch and total. */
    synchronized void clear() {
        acceptedKeys.clear();
        accepted.clear();
        batches.clear();
        totals.clear();
        duplicates = 0;
    }

    private static String totalKey(String instance, String plan, String measure) {
        return instance + " / " + plan + " / " + measure;
    }
}
