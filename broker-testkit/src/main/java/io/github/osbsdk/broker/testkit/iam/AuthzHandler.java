package io.github.osbsdk.broker.testkit.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v2/authz}: decides a JSON array of checks against the simulator's policies.
 * Subjects come as {@code {attributes:{id, scope}}} (both required, as IBM documents) or
 * {@code {accessTokenBody: <jwt>}};
 * resources as {@code {crn}} or {@code {attributes:{serviceInstance, serviceName, accountId}}}.
 */
final class AuthzHandler extends EndpointHandler {

    private static final int MAX_CHECKS = 100;

    AuthzHandler(IamSimulator sim) {
        super(sim, IamEndpoint.AUTHZ, "POST");
    }

    @Override
    void serve(HttpExchange exchange) throws IOException {
        String body = new String(HttpIo.readBody(exchange), StandardCharsets.UTF_8);
        sim.requests().recordAuthzRequest(
                exchange.getRequestHeaders().getFirst("Transaction-Id"), body);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || sim.keys().verify(authorization.substring(7).trim(), sim.issuer()).isEmpty()) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"IAM\"");
            HttpIo.sendError(exchange, 401, "BXNIM0307E", "A valid bearer token is required.");
            return;
        }
        JsonNode checks;
        try {
            checks = HttpIo.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("Request body is not JSON.");
        }
        if (checks == null || !checks.isArray() || checks.isEmpty() || checks.size() > MAX_CHECKS) {
            throw invalid("Request body must be a JSON array of 1.." + MAX_CHECKS + " checks.");
        }
        List<Map<String, Object>> responses = new ArrayList<>();
        for (JsonNode check : checks) {
            responses.add(decide(check));
        }
        HttpIo.sendJson(exchange, 200, Map.of("responses", responses));
    }

    private Map<String, Object> decide(JsonNode check) {
        String subject = subjectId(check.path("subject"));
        String action = text(check.path("action"));
        if (action == null) {
            throw invalid("Every check needs an action.");
        }
        JsonNode resource = check.path("resource");
        boolean permitted;
        String crn = text(resource.path("crn"));
        if (crn != null) {
            permitted = sim.registry().permittedCrn(subject, action, crn);
        } else if (resource.path("attributes").isObject()) {
            JsonNode attributes = resource.path("attributes");
            permitted = sim.registry().permittedAttributes(subject, action,
                    text(attributes.path("serviceInstance")), text(attributes.path("serviceName")),
                    text(attributes.path("accountId")));
        } else {
            throw invalid("Every check needs resource.crn or resource.attributes.");
        }
        Map<String, Object> response = new LinkedHashMap<>();
        String requestId = text(check.path("requestId"));
        if (requestId != null) {
            response.put("requestId", requestId);
        }
        response.put("status", "200");
        response.put("authorizationDecision", Map.of("permitted", permitted));
        return response;
    }

    private String subjectId(JsonNode subject) {
        String id = text(subject.path("attributes").path("id"));
        if (id != null) {
            if (text(subject.path("attributes").path("scope")) == null) {
                throw invalid("Every subject.attributes needs a scope, e.g. \"ibm openid\".");
            }
            return id;
        }
        String token = text(subject.path("accessTokenBody"));
        if (token != null) {
            Optional<JWTClaimsSet> claims = sim.keys().verify(token, sim.issuer());
            Object iamId = claims.map(c -> c.getClaim("iam_id")).orElse(null);
            if (!(iamId instanceof String)) {
                throw invalid("subject.accessTokenBody is not a valid, unexpired IAM token.");
            }
            return (String) iamId;
        }
        throw invalid("Every check needs subject.attributes.id or subject.accessTokenBody.");
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }

    private static HttpIo.BadRequest invalid(String message) {
        return new HttpIo.BadRequest(400, "BXNIM0400E", message);
    }
}
