package io.github.osbsdk.broker.testkit.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JwksEndpointTest {

    private final IamSimulator iam = IamSimulator.start();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void keysEndpointPublishesOnePublicRs256KeyShapedLikeIams() {
        HttpResponse<String> response = SimHttp.get(iam.url(IamEndpoint.KEYS));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode keys = SimHttp.json(response).get("keys");
        assertThat(keys).hasSize(1);
        JsonNode key = keys.get(0);
        List<String> fields = new ArrayList<>();
        key.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("kid", "alg", "kty", "n", "e");
        assertThat(key.get("alg").asText()).isEqualTo("RS256");
        assertThat(key.get("kty").asText()).isEqualTo("RSA");
        assertThat(key.get("kid").asText()).isEqualTo(iam.currentKey().getKeyID());
    }

    @Test
    void rotatedKeyIsPublishedFirstAndOldKeyStaysUntilRetired() {
        String oldKid = iam.currentKey().getKeyID();

        String newKid = iam.rotateKeys();

        assertThat(newKid).isNotEqualTo(oldKid).isEqualTo(iam.currentKey().getKeyID());
        assertThat(kids()).containsExactly(newKid, oldKid);

        iam.retireOldKeys();

        assertThat(kids()).containsExactly(newKid);
    }

    @Test
    void tokensAreSignedWithTheRotatedKey() throws Exception {
        String newKid = iam.rotateKeys();

        String token = iam.serviceIdToken("iam-ServiceId-1");

        assertThat(com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getKeyID())
                .isEqualTo(newKid);
    }

    @Test
    void keysRequestsAreCounted() {
        SimHttp.get(iam.url(IamEndpoint.KEYS));
        SimHttp.get(iam.url(IamEndpoint.KEYS));

        assertThat(iam.requestCount(IamEndpoint.KEYS)).isEqualTo(2);
        assertThat(iam.requestCount(IamEndpoint.TOKEN)).isZero();

        iam.resetCounters();

        assertThat(iam.requestCount(IamEndpoint.KEYS)).isZero();
    }

    @Test
    void wrongMethodIsRefusedWith405AndUnknownPathWith404() {
        HttpResponse<String> post = SimHttp.postJson(iam.url(IamEndpoint.KEYS), null, "{}");
        HttpResponse<String> unknown = SimHttp.get(iam.baseUrl().resolve("/identity/keys/extra"));

        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(SimHttp.get(iam.baseUrl().resolve("/nothing")).statusCode()).isEqualTo(404);
    }

    private List<String> kids() {
        List<String> kids = new ArrayList<>();
        SimHttp.json(SimHttp.get(iam.url(IamEndpoint.KEYS))).get("keys")
                .forEach(k -> kids.add(k.get("kid").asText()));
        return kids;
    }
}
