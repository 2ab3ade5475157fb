package io.github.osbsdk.broker.testkit.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DiscoveryEndpointTest {

    private final IamSimulator iam = IamSimulator.start();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void discoveryPointsAtTheSimulatorsEndpoints() {
        HttpResponse<String> response = SimHttp.get(iam.url(IamEndpoint.DISCOVERY));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = SimHttp.json(response);
        assertThat(body.get("issuer").asText()).isEqualTo(iam.issuer());
        assertThat(body.get("authorization_endpoint").asText())
                .isEqualTo(iam.baseUrl() + "/identity/authorize");
        assertThat(body.get("token_endpoint").asText())
                .isEqualTo(iam.baseUrl() + "/identity/token");
        assertThat(body.get("jwks_uri").asText()).isEqualTo(iam.baseUrl() + "/identity/keys");
        assertThat(body.get("response_types_supported").toString()).contains("code");
        assertThat(iam.requestCount(IamEndpoint.DISCOVERY)).isEqualTo(1);
    }

    @Test
    void discoveredJwksUriServesTheKeys() {
        URI jwks = URI.create(SimHttp.json(SimHttp.get(iam.url(IamEndpoint.DISCOVERY)))
                .get("jwks_uri").asText());

        assertThat(SimHttp.json(SimHttp.get(jwks)).get("keys").get(0).get("kid").asText())
                .isEqualTo(iam.currentKey().getKeyID());
    }
}
