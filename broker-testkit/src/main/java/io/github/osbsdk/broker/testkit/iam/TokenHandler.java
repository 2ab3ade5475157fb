package io.github.osbsdk.broker.testkit.iam;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /identity/token}: the API-key grant and the authorization-code grant with HTTP
 * basic client authentication.
 */
final class TokenHandler extends EndpointHandler {

    TokenHandler(IamSimulator sim) {
        super(sim, IamEndpoint.TOKEN, "POST");
    }

    @Override
    void serve(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT)
                .startsWith("application/x-www-form-urlencoded")) {
            throw new HttpIo.BadRequest(400, "BXNIM0109E",
                    "Content-Type must be application/x-www-form-urlencoded.");
        }
        Map<String, String> form = HttpIo.parseForm(
                new String(HttpIo.readBody(exchange), StandardCharsets.UTF_8));
        String grantType = required(form, "grant_type");
        if (IamSimulator.API_KEY_GRANT.equals(grantType)) {
            apiKeyGrant(exchange, form);
        } else if ("authorization_code".equals(grantType)) {
            authorizationCodeGrant(exchange, form);
        } else {
            throw new HttpIo.BadRequest(400, "BXNIM0103E", "Unsupported grant_type.");
        }
    }

    private void apiKeyGrant(HttpExchange exchange, Map<String, String> form) throws IOException {
        String apiKey = required(form, "apikey");
        Identity identity = sim.registry().apiKey(apiKey).orElseThrow(() ->
                new HttpIo.BadRequest(400, "BXNIM0415E", "Provided API key could not be found."));
        issue(exchange, identity, "default", IamSimulator.API_KEY_GRANT);
    }

    private void authorizationCodeGrant(HttpExchange exchange, Map<String, String> form)
            throws IOException {
        String[] client = basicCredentials(exchange.getRequestHeaders().getFirst("Authorization"))
                .orElse(null);
        if (client == null || !sim.registry().clientAuthenticates(client[0], client[1])) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"IAM\"");
            HttpIo.sendError(exchange, 401, "BXNIM0308E", "Client authentication failed.");
            return;
        }
        String code = required(form, "code");
        String redirectUri = required(form, "redirect_uri");
        AuthorizationCode grant = sim.registry().consumeCode(code).orElseThrow(() ->
                new HttpIo.BadRequest(400, "BXNIM0407E",
                        "Authorization code is invalid, expired or already used."));
        if (!grant.clientId().equals(client[0]) || !grant.redirectUri().equals(redirectUri)) {
            throw new HttpIo.BadRequest(400, "BXNIM0407E",
                    "Authorization code was issued to another client or redirect_uri.");
        }
        issue(exchange, grant.user(), client[0], "authorization_code");
    }

    private void issue(HttpExchange exchange, Identity identity, String clientId, String grantType)
            throws IOException {
        Duration lifetime = sim.tokenLifetime();
        Instant now = Instant.now();
        String accessToken = sim.token()
                .iamId(identity.iamId())
                .accountId(identity.accountId())
                .clientId(clientId)
                .grantType(grantType)
                .issuedAt(now)
                .expiresIn(lifetime)
                .claim("name", identity.name())
                .claim("email", identity.email())
                .sign();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        body.put("refresh_token", Registry.randomToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", lifetime.toSeconds());
        body.put("expiration", now.getEpochSecond() + lifetime.toSeconds());
        body.put("scope", "ibm openid");
        HttpIo.sendJson(exchange, 200, body);
    }

    private static String required(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isEmpty()) {
            throw new HttpIo.BadRequest(400, "BXNIM0109E", "Property missing or empty: " + name);
        }
        return value;
    }

    /** Parses {@code Basic base64(id:secret)} into {id, secret}. */
    static Optional<String[]> basicCredentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            return Optional.of(
                    new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
