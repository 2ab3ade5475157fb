package io.github.osbsdk.broker.testkit.iam;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /identity/keys}: the published public keys ({@code kid, alg, kty, n, e}). */
final class KeysHandler extends EndpointHandler {

    KeysHandler(IamSimulator sim) {
        super(sim, IamEndpoint.KEYS, "GET");
    }

    @Override
    void serve(HttpExchange exchange) throws IOException {
        String json = sim.keys().publicJwks().toString(true);
        HttpIo.send(exchange, 200, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }
}
