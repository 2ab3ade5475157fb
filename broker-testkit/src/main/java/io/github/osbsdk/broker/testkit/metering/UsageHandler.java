package io.github.osbsdk.broker.testkit.metering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Serves {@code POST /v4/metering/resources/{resource_id}/usage} by IBM's rules. */
final class UsageHandler implements HttpHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("/v4/metering/resources/([^/]+)/usage");
    private static final long FUTURE_SKEW_MILLIS = 60_000;
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final MeteringSimulator sim;

    UsageHandler(MeteringSimulator sim) {
        this.sim = sim;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
            if (!m.matches()) {
                sendError(exchange, 404, "not_found", "No such endpoint.");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                sendError(exchange, 405, "method_not_allowed", "Use POST.");
                return;
            }
            serve(exchange, m.group(1));
        } catch (RuntimeException e) {
            sendError(exchange, 500, "internal_error", "Internal simulator error.");
        } finally {
            exchange.close();
        }
    }

    private void serve(HttpExchange exchange, String resourceId) throws IOException {
        Instant receivedAt = sim.clock().instant();
        MeteringFaults.RequestFault fault = sim.faults().next();
        MeteringFaults.Kind kind = fault == null ? null : fault.kind();
        if (kind == MeteringFaults.Kind.DROP) {
            sim.ledger.recordBatch(new RecordedBatch(resourceId, receivedAt, 0, 0, List.of()));
            return; // closing without response headers drops the connection
        }
        if (kind == MeteringFaults.Kind.STATUS || kind == MeteringFaults.Kind.THROTTLE) {
            sim.ledger.recordBatch(
                    new RecordedBatch(resourceId, receivedAt, fault.status(), 0, List.of()));
            if (kind == MeteringFaults.Kind.THROTTLE) {
                // whole seconds, rounded up, without overflowing for a huge duration
                long seconds = fault.duration().toSeconds();
                if (fault.duration().toNanosPart() > 0 && seconds < Long.MAX_VALUE) {
                    seconds++;
                }
                exchange.getResponseHeaders().set("Retry-After", Long.toString(seconds));
            }
            sendError(exchange, fault.status(), "injected_fault", "Injected fault.");
            return;
        }
        if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            sim.ledger.recordBatch(new RecordedBatch(resourceId, receivedAt, 401, 0, List.of()));
            sendError(exchange, 401, "unauthorized", "A valid IAM bearer token is required.");
            return;
        }
        JsonNode body = readJson(exchange);
        if (body == null || !body.isArray() || body.isEmpty()
                || body.size() > MeteringSimulator.MAX_BATCH) {
            int size = body != null && body.isArray() ? body.size() : 0;
            sim.ledger.recordBatch(new RecordedBatch(resourceId, receivedAt, 400, size, List.of()));
            sendError(exchange, 400, "invalid_batch",
                    "The body must be a JSON array of 1 to " + MeteringSimulator.MAX_BATCH
                            + " usage records.");
            return;
        }
        for (JsonNode record : body) {
            MeteringFaults.Rejection refused = sim.faults().batchRejectionFor(
                    record.path("resource_instance_id").asText(null));
            if (refused != null) {
                sim.ledger.recordBatch(new RecordedBatch(resourceId, receivedAt, refused.status(),
                        body.size(), List.of()));
                sendError(exchange, refused.status(), refused.code(), refused.message());
                return;
            }
        }
        ArrayNode resources = JSON.createArrayNode();
        List<Integer> statuses = new ArrayList<>();
        for (JsonNode record : body) {
            ObjectNode answer = decide(resourceId, record, receivedAt);
            statuses.add(answer.path("status").asInt());
            resources.add(answer);
        }
        sim.ledger.recordBatch(
                new RecordedBatch(resourceId, receivedAt, 202, body.size(), statuses));
        if (kind == MeteringFaults.Kind.DROP_AFTER_RECORDING) {
            return;
        }
        if (kind == MeteringFaults.Kind.SLOW) {
            try {
                Thread.sleep(fault.duration().compareTo(Duration.ofMillis(Long.MAX_VALUE)) > 0
                        ? Long.MAX_VALUE : fault.duration().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        ObjectNode reply = JSON.createObjectNode();
        reply.set("resources", resources);
        send(exchange, 202, JSON.writeValueAsBytes(reply));
    }

    private ObjectNode decide(String resourceId, JsonNode record, Instant now) {
        ObjectNode answer = JSON.createObjectNode();
        List<String> problems = new ArrayList<>();
        String instance = text(record, "resource_instance_id", problems);
        String plan = text(record, "plan_id", problems);
        String region = record.path("region").isTextual() ? record.get("region").asText() : null;
        String consumer = record.path("consumer_id").isTextual()
                ? record.get("consumer_id").asText() : null;
        long start = millis(record, "start", problems);
        long end = millis(record, "end", problems);
        if (start > end) {
            problems.add("start is after end");
        }
        if (end > now.toEpochMilli() + FUTURE_SKEW_MILLIS) {
            problems.add("end is in the future");
        }
        String outside = instance == null ? null : sim.outsideLife(instance, start, end);
        if (outside != null) {
            problems.add(outside);
        }
        if (instance != null && region == null && !crnNamesRegion(instance)) {
            problems.add("region is required when resource_instance_id names none");
        }
        Map<String, Double> measures = measures(record.get("measured_usage"), problems);
        Set<String> declared = plan == null ? Set.of() : sim.plans.measuresOf(plan);
        if (declared == null || sim.plans.underAnotherResource(plan, resourceId)) {
            // IBM keeps a plan's metering definition under its resource: another one has none
            answer.put("status", 404);
            answer.put("code", "metering_definition_not_found");
            answer.put("message", "No metering definition for plan " + plan
                    + (declared == null ? "." : " under resource " + resourceId + "."));
            return answer;
        }
        for (String measure : measures.keySet()) {
            if (!declared.isEmpty() && !declared.contains(measure)) {
                problems.add("measure " + measure + " is not in the plan's metering definition");
            }
        }
        if (!problems.isEmpty()) {
            answer.put("status", 400);
            answer.put("code", "invalid_usage_record");
            answer.put("message", String.join("; ", problems));
            return answer;
        }
        MeteringFaults.Rejection rejection = sim.faults().rejectionFor(instance);
        if (rejection != null) {
            answer.put("status", rejection.status());
            answer.put("code", rejection.code());
            answer.put("message", rejection.message());
            return answer;
        }
        int status = sim.ledger.accept(new ReceivedRecord(resourceId, instance, plan, region,
                start, end, consumer, measures));
        answer.put("status", status);
        if (status == 201) {
            answer.put("location", "/v4/metering/resources/" + resourceId + "/usage/"
                    + UUID.randomUUID());
        } else {
            answer.put("code", "duplicate_usage_record");
            answer.put("message", "A usage record with this key was accepted before.");
        }
        return answer;
    }

    private static Map<String, Double> measures(JsonNode usage, List<String> problems) {
        Map<String, Double> measures = new LinkedHashMap<>();
        if (usage == null || !usage.isArray() || usage.isEmpty()) {
            problems.add("measured_usage must be a non-empty array");
            return measures;
        }
        for (JsonNode m : usage) {
            JsonNode name = m.get("measure");
            JsonNode quantity = m.get("quantity");
            if (name == null || !name.isTextual() || name.asText().isEmpty()) {
                problems.add("a measure has no name");
            } else if (quantity == null || !quantity.isNumber() || quantity.asDouble() < 0) {
                problems.add("quantity of " + name.asText() + " must be a number >= 0");
            } else if (measures.put(name.asText(), quantity.asDouble()) != null) {
                problems.add("measure " + name.asText() + " appears twice");
            }
        }
        return measures;
    }

    private static String text(JsonNode record, String field, List<String> problems) {
        JsonNode n = record.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            problems.add(field + " is required");
            return null;
        }
        return n.asText();
    }

    private static long millis(JsonNode record, String field, List<String> problems) {
        JsonNode n = record.get(field);
        if (n == null || !n.isIntegralNumber()) {
            problems.add(field + " must be epoch milliseconds");
            return 0;
        }
        return n.asLong();
    }

    private static boolean crnNamesRegion(String instance) {
        String[] parts = instance.split(":", -1);
        return instance.startsWith("crn:") && parts.length > 5 && !parts[5].isBlank();
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        String token = header.substring(7).trim();
        if (token.isEmpty()) {
            return false;
        }
        if (sim.iam() == null) {
            return true;
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWK key = sim.iam().publishedKeys().getKeyByKeyId(jwt.getHeader().getKeyID());
            if (!(key instanceof RSAKey rsa) || !jwt.verify(new RSASSAVerifier(rsa))) {
                return false;
            }
            Date exp = jwt.getJWTClaimsSet().getExpirationTime();
            return exp != null && exp.toInstant().isAfter(sim.clock().instant());
        } catch (ParseException | JOSEException e) {
            return false;
        }
    }

    private static JsonNode readJson(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                return null;
            }
            return JSON.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            return null;
        }
    }

    private static void sendError(HttpExchange exchange, int status, String code, String message)
            throws IOException {
        ObjectNode error = JSON.createObjectNode();
        error.putArray("errors").addObject().put("code", code).put("message", message);
        send(exchange, status, JSON.writeValueAsBytes(error));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
