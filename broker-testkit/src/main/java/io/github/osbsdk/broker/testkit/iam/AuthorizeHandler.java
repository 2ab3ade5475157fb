package io.github.osbsdk.broker.testkit.iam;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /identity/authorize}: logs in the user set by {@link IamSimulator#loginAs} without
 * a login page and redirects (302) to {@code redirect_uri?code=...&state=...}, when the
 * {@code redirect_uri} is one registered for the client (else 400, no redirect).
 */
final class AuthorizeHandler extends EndpointHandler {

    AuthorizeHandler(IamSimulator sim) {
        super(sim, IamEndpoint.AUTHORIZE, "GET");
    }

    @Override
    void serve(HttpExchange exchange) throws IOException {
        Map<String, String> query = HttpIo.parseForm(exchange.getRequestURI().getRawQuery());
        String clientId = required(query, "client_id");
        String redirectUri = required(query, "redirect_uri");
        String responseType = required(query, "response_type");
        if (!"code".equals(responseType)) {
            throw new HttpIo.BadRequest(400, "BXNIM0103E", "response_type must be code.");
        }
        if (!sim.registry().hasClient(clientId)) {
            throw new HttpIo.BadRequest(400, "BXNIM0306E", "Unknown client_id.");
        }
        URI target;
        try {
            target = new URI(redirectUri);
        } catch (java.net.URISyntaxException e) {
            throw new HttpIo.BadRequest(400, "BXNIM0109E", "redirect_uri is not a URI.");
        }
        if (!target.isAbsolute() || target.getRawFragment() != null
                || !("http".equals(target.getScheme()) || "https".equals(target.getScheme()))) {
            throw new HttpIo.BadRequest(400, "BXNIM0109E",
                    "redirect_uri must be an absolute http(s) URI without fragment.");
        }
        if (!sim.registry().redirectUriRegistered(clientId, redirectUri)) {
            // never redirected to (RFC 6749 4.1.2.1): the user sees the error instead
            throw new HttpIo.BadRequest(400, "BXNIM0109E",
                    "redirect_uri is not registered for this client.");
        }
        String code = sim.registry().newCode(clientId, redirectUri,
                sim.lifetimes().codeExpiry(Instant.now()));
        StringBuilder location = new StringBuilder(redirectUri)
                .append(target.getRawQuery() == null ? '?' : '&')
                .append("code=").append(encode(code));
        String state = query.get("state");
        if (state != null) {
            location.append("&state=").append(encode(state));
        }
        exchange.getResponseHeaders().set("Location", location.toString());
        HttpIo.send(exchange, 302, "text/plain", new byte[0]);
    }

    private static String required(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            throw new HttpIo.BadRequest(400, "BXNIM0109E", "Parameter missing or empty: " + name);
        }
        return value;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
