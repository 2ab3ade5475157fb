package io.github.osbsdk.broker.testkit.iam;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /identity/.well-known/openid-configuration}, pointing at this simulator. */
final class DiscoveryHandler extends EndpointHandler {

    DiscoveryHandler(IamSimulator sim) {
        super(sim, IamEndpoint.DISCOVERY, "GET");
    }

    @Override
    void serve(HttpExchange exchange) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", sim.issuer());
        body.put("authorization_endpoint", sim.url(IamEndpoint.AUTHORIZE).toString());
        body.put("token_endpoint", sim.url(IamEndpoint.TOKEN).toString());
        body.put("jwks_uri", sim.url(IamEndpoint.KEYS).toString());
        body.put("response_types_supported", List.of("code"));
        body.put("grant_types_supported",
                List.of("authorization_code", IamSimulator.API_KEY_GRANT));
        body.put("subject_types_supported", List.of("public"));
        body.put("id_token_signing_alg_values_supported", List.of("RS256"));
        body.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        body.put("scopes_supported", List.of("openid"));
        HttpIo.sendJson(exchange, 200, body);
    }
}
