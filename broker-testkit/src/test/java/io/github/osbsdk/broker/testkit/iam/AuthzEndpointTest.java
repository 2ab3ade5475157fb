package io.github.osbsdk.broker.testkit.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthzEndpointTest {

    private static final String USER = "IBMid-5500000ABC";
    private static final String ACTION = "hello-service.dashboard.view";
    private static final String CRN =
            "crn:v1:bluemix:public:hello-service:us-south:a/acct1:"
                    + "0b5a00fe-aaaa-4bbb-8ccc-000000000001::";

    private final IamSimulator iam = IamSimulator.start();
    private final String brokerToken = iam.serviceIdToken("iam-ServiceId-broker");

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void attributesSubjectIsPermittedOnlyByAMatchingPolicy() {
        iam.permit(USER, ACTION, CRN);

        HttpResponse<String> response = authz(brokerToken, "["
                + check("r1", attributesSubject(USER), ACTION, crnResource(CRN)) + ","
                + check("r2", attributesSubject("IBMid-other"), ACTION, crnResource(CRN)) + ","
                + check("r3", attributesSubject(USER), "hello-service.dashboard.edit",
                        crnResource(CRN)) + ","
                + check("r4", attributesSubject(USER), ACTION, crnResource(CRN + "x")) + "]");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode responses = SimHttp.json(response).get("responses");
        assertThat(responses).hasSize(4);
        assertThat(responses.get(0).get("requestId").asText()).isEqualTo("r1");
        assertThat(responses.get(0).get("status").asText()).isEqualTo("200");
        assertThat(permitted(responses, 0)).isTrue();
        assertThat(permitted(responses, 1)).isFalse();
        assertThat(permitted(responses, 2)).isFalse();
        assertThat(permitted(responses, 3)).isFalse();
    }

    @Test
    void accessTokenBodySubjectIsDecidedByTheTokensIamId() {
        iam.permit(USER, ACTION, CRN);
        String userToken = iam.token().iamId(USER).sign();
        String otherToken = iam.token().iamId("IBMid-other").sign();

        JsonNode responses = SimHttp.json(authz(brokerToken, "["
                + check(null, tokenSubject(userToken), ACTION, crnResource(CRN)) + ","
                + check(null, tokenSubject(otherToken), ACTION, crnResource(CRN)) + "]"))
                .get("responses");

        assertThat(permitted(responses, 0)).isTrue();
        assertThat(permitted(responses, 1)).isFalse();
        assertThat(responses.get(0).has("requestId")).isFalse();
    }

    @Test
    void accessTokenBodyNotSignedBySimulatorIsRefused() throws Exception {
        RSAKey foreign = new RSAKeyGenerator(2048).keyID("foreign").generate();
        String forged = iam.token().iamId(USER).signWith(foreign).sign();

        HttpResponse<String> response = authz(brokerToken,
                "[" + check(null, tokenSubject(forged), ACTION, crnResource(CRN)) + "]");

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void legacyResourceAttributesMatchTheCrnsSegments() {
        iam.permit(USER, ACTION, CRN);
        String instance = "0b5a00fe-aaaa-4bbb-8ccc-000000000001";

        JsonNode responses = SimHttp.json(authz(brokerToken, "["
                + check(null, attributesSubject(USER), ACTION,
                        attributesResource(instance, "hello-service", "acct1")) + ","
                + check(null, attributesSubject(USER), ACTION,
                        attributesResource(CRN, null, null)) + ","
                + check(null, attributesSubject(USER), ACTION,
                        attributesResource(instance, "other-service", "acct1")) + ","
                + check(null, attributesSubject(USER), ACTION,
                        attributesResource(instance, "hello-service", "acct2")) + "]"))
                .get("responses");

        assertThat(permitted(responses, 0)).isTrue();
        assertThat(permitted(responses, 1)).isTrue();
        assertThat(permitted(responses, 2)).isFalse();
        assertThat(permitted(responses, 3)).isFalse();
    }

    @Test
    void wildcardPolicyPermitsEverythingUntilRevoked() {
        iam.permit("*", "*", "*");
        String body =
                "[" + check(null, attributesSubject("anyone"), "x.y", crnResource("crn:z")) + "]";

        assertThat(permitted(SimHttp.json(authz(brokerToken, body)).get("responses"), 0)).isTrue();

        iam.revokeAll();

        assertThat(permitted(SimHttp.json(authz(brokerToken, body)).get("responses"), 0)).isFalse();
    }

    @Test
    void requestWithoutValidBearerTokenIsRefusedWith401() throws Exception {
        String body = "[" + check(null, attributesSubject(USER), ACTION, crnResource(CRN)) + "]";
        RSAKey foreign = new RSAKeyGenerator(2048).keyID(iam.currentKey().getKeyID()).generate();

        assertThat(authz(null, body).statusCode()).isEqualTo(401);
        assertThat(authz("not-a-jwt", body).statusCode()).isEqualTo(401);
        assertThat(authz(iam.token().signWith(foreign).sign(), body).statusCode()).isEqualTo(401);
        assertThat(authz(iam.token().expiresIn(Duration.ofSeconds(-30)).sign(), body).statusCode())
                .isEqualTo(401);
        assertThat(authz(iam.token().issuer("https://iam.cloud.ibm.com/identity").sign(), body)
                .statusCode()).isEqualTo(401);
        assertThat(SimHttp.json(authz(null, body)).get("errorCode").asText()).isNotBlank();
        assertThat(iam.requestCount(IamEndpoint.AUTHZ)).isEqualTo(6);
    }

    @Test
    void tokenSignedWithRetiredKeyIsRefused() {
        String old = iam.serviceIdToken("iam-ServiceId-broker");
        iam.rotateKeys();
        String body = "[" + check(null, attributesSubject(USER), ACTION, crnResource(CRN)) + "]";

        assertThat(authz(old, body).statusCode()).isEqualTo(200);

        iam.retireOldKeys();

        assertThat(authz(old, body).statusCode()).isEqualTo(401);
        assertThat(authz(iam.serviceIdToken("iam-ServiceId-broker"), body).statusCode())
                .isEqualTo(200);
    }

    @Test
    void lastTransactionIdAndBodyAreRecorded() {
        String body = "[" + check(null, attributesSubject(USER), ACTION, crnResource(CRN)) + "]";

        SimHttp.send(HttpRequest.newBuilder(iam.url(IamEndpoint.AUTHZ))
                .header("Authorization", "Bearer " + brokerToken)
                .header("Content-Type", "application/json")
                .header("Transaction-Id", "tx-42")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());

        assertThat(iam.lastTransactionId()).isEqualTo("tx-42");
        assertThat(iam.lastAuthzRequestBody()).isEqualTo(body);

        authz(brokerToken, body);

        assertThat(iam.lastTransactionId()).isNull();
    }

    @Test
    void malformedChecksAreRefusedWith400() {
        assertThat(authz(brokerToken, "{not json").statusCode()).isEqualTo(400);
        assertThat(authz(brokerToken, "{}").statusCode()).isEqualTo(400);
        assertThat(authz(brokerToken, "[]").statusCode()).isEqualTo(400);
        assertThat(authz(brokerToken, "[{\"action\":\"a\",\"resource\":{\"crn\":\"c\"}}]")
                .statusCode()).isEqualTo(400);
        String emptyResource = "[" + check(null, attributesSubject(USER), ACTION, "{}") + "]";
        assertThat(authz(brokerToken, emptyResource).statusCode()).isEqualTo(400);
    }

    @Test
    void attributesSubjectWithoutScopeIsRefusedWith400() {
        iam.permit(USER, ACTION, CRN);
        for (String attributes : new String[] {"{\"id\":\"" + USER + "\"}",
                "{\"id\":\"" + USER + "\",\"scope\":\"\"}",
                "{\"id\":\"" + USER + "\",\"scope\":42}"}) {
            String body = "[" + check(null, "{\"attributes\":" + attributes + "}", ACTION,
                    crnResource(CRN)) + "]";
            HttpResponse<String> response = authz(brokerToken, body);

            assertThat(response.statusCode()).as(attributes).isEqualTo(400);
            assertThat(response.body()).contains("scope");
        }
    }

    private HttpResponse<String> authz(String bearer, String body) {
        return SimHttp.postJson(iam.url(IamEndpoint.AUTHZ), bearer, body);
    }

    private static boolean permitted(JsonNode responses, int index) {
        return responses.get(index).get("authorizationDecision").get("permitted").asBoolean();
    }

    private static String check(String requestId, String subject, String action, String resource) {
        return "{" + (requestId == null ? "" : "\"requestId\":\"" + requestId + "\",")
                + "\"subject\":" + subject + ",\"action\":\"" + action + "\",\"resource\":"
                + resource + "}";
    }

    private static String attributesSubject(String id) {
        return "{\"attributes\":{\"id\":\"" + id + "\",\"scope\":\"ibm openid\"}}";
    }

    private static String tokenSubject(String token) {
        return "{\"accessTokenBody\":\"" + token + "\"}";
    }

    private static String crnResource(String crn) {
        return "{\"crn\":\"" + crn + "\"}";
    }

    private static String attributesResource(String instance, String serviceName, String account) {
        return "{\"attributes\":{\"serviceInstance\":\"" + instance + "\""
                + (serviceName == null ? "" : ",\"serviceName\":\"" + serviceName + "\"")
                + (account == null ? "" : ",\"accountId\":\"" + account + "\"") + "}}";
    }
}
