package io.github.osbsdk.broker.iam;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Bearer tokens against {@link IamAuthenticator}, with the IAM simulator's real signing key:
 * any string; tokens built from a mutated header and claims set (encoded canonically or not) and
 * signed with IAM's key, a foreign key, HMAC keyed with IAM's public key, or not at all; and
 * genuine tokens with one character changed. Property: the answer is a caller or a
 * {@link ServiceBrokerException} with 401 or 403 (no other exception, no 5xx), and a token is
 * accepted only when IAM's key signed exactly its signing input.
 */
class BearerTokenFuzzTest {
  private static final String CALLER = "iam-ServiceId-fuzz";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  private static final List<String> SCHEMES =
      List.of("Bearer ", "bearer ", "BEARER ", "Bearer  ", "Bearer\t", "Bearer", "Basic ", "");
  private static final List<String> HEADER_FIELDS = List.of("alg", "kid", "typ", "crit", "b64",
      "jku", "x5u", "jwk", "zip", "enc", "cty", "x5c");
  private static final List<String> CLAIM_FIELDS = List.of("iss", "exp", "nbf", "iat", "iam_id",
      "sub", "account", "aud", "scope", "jti", "id", "realmid", "identifier");
  private static final List<String> ALGS =
      List.of("RS256", "none", "HS256", "RS384", "PS256", "ES256", "rs256", "RS256 ", "");

  private static IamSimulator iam;
  private static IamAuthenticator uncached;
  private static IamAuthenticator cached;
  private static RSAKey key;
  private static RSASSASigner signer;
  private static RSASSASigner foreignSigner;
  private static byte[] publicKeyBytes;
  private static long issuedAt;
  private static String genuine;
  /** RSA signing costs a millisecond; the fuzzer repeats itself, so signatures are reused. */
  private static final Map<String, String> SIGNATURES = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > 20_000;
    }
  };

  @BeforeAll
  static void start() throws JOSEException {
    iam = IamSimulator.start();
    IamConfig config = IamConfig.builder().iamUrl(iam.baseUrl()).build();
    uncached = IamAuthenticator.builder(config).allowedIdentities(Set.of(CALLER))
        .verifiedTokenCache(0, Duration.ofMinutes(1)).build();
    cached = IamAuthenticator.builder(config).allowedIdentities(Set.of(CALLER)).build();
    key = iam.currentKey();
    signer = new RSASSASigner(key);
    foreignSigner = new RSASSASigner(new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate());
    publicKeyBytes = key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    issuedAt = System.currentTimeMillis() / 1000;
    String signingInput = URL.encodeToString(bytes(header())) + "."
        + URL.encodeToString(bytes(claims()));
    genuine = signingInput + "." + sign(signer, signingInput);
  }

  @AfterAll
  static void stop() {
    iam.close();
  }

  @FuzzTest(maxDuration = "3s")
  void onlyTokensSignedByIamAreAcceptedAndAllOthersGet401Or403(FuzzedDataProvider data)
      throws Exception {
    // the authenticator fetches IAM's keys (unknown kid) from the simulator, whose URL is
    // configuration, not input; any other connection is still reported as SSRF. Jazzer resets
    // the policy after every input.
    SilentCloseable onlyIam = BugDetectors.allowNetworkConnections(BearerTokenFuzzTest::isIam);
    try {
      check(data);
    } finally {
      onlyIam.close();
    }
  }

  private static boolean isIam(String host, int port) {
    return port == iam.baseUrl().getPort()
        && (host.equals("127.0.0.1") || host.equals("localhost"));
  }

  private static void check(FuzzedDataProvider data) throws Exception {
    String scheme = data.pickValue(SCHEMES);
    String token;
    boolean signedByIam = false;
    switch (data.consumeInt(0, 2)) {
      case 0 -> token = data.consumeString(400);
      case 1 -> {
        String signingInput = part(data, mutate(data, header(), HEADER_FIELDS)) + "."
            + part(data, mutate(data, claims(), CLAIM_FIELDS));
        int signature = data.consumeInt(0, 4);
        signedByIam = signature == 0;
        token = signingInput + "." + switch (signature) {
          case 0 -> sign(signer, signingInput);
          case 1 -> sign(foreignSigner, signingInput);
          case 2 -> hmacWithPublicKey(signingInput);
          case 3 -> "";
          default -> data.consumeString(360);
        };
      }
      default -> {
        token = change(data, genuine);
        // the scheme's separating whitespace is not part of the token (BearerTokenFindingsTest)
        signedByIam = token.strip().equals(genuine);
      }
    }
    IamAuthenticator auth = data.consumeBoolean() ? uncached : cached;
    String authorization = scheme + token;
    try {
      auth.authenticate(authorization);
      if (!signedByIam) {
        throw new AssertionError("accepted a token IAM did not sign: " + escaped(authorization)
            + "\n the genuine token: " + genuine);
      }
    } catch (ServiceBrokerException e) {
      if (e.status() != 401 && e.status() != 403) {
        throw new AssertionError("status " + e.status() + " for " + escaped(authorization), e);
      }
    }
  }

  /** The text with controls and non-ASCII characters as Java escapes. */
  private static String escaped(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return b.toString();
  }

  private static ObjectNode header() {
    return NODES.objectNode().put("alg", "RS256").put("kid", key.getKeyID()).put("typ", "JWT");
  }

  private static ObjectNode claims() {
    ObjectNode c = NODES.objectNode().put("iam_id", CALLER).put("iss", iam.issuer())
        .put("iat", issuedAt).put("exp", issuedAt + 3600);
    c.putObject("account").put("bss", "acct1");
    return c;
  }

  /** Replaces, removes or adds a member (or the whole JSON text) of a header or claims set. */
  private static String mutate(FuzzedDataProvider data, ObjectNode valid, List<String> fields) {
    int n = data.consumeInt(0, 3);
    for (int i = 0; i < n; i++) {
      String field = data.consumeBoolean() ? data.pickValue(fields) : data.consumeString(8);
      switch (data.consumeInt(0, 2)) {
        case 0 -> valid.remove(field);
        case 1 -> valid.set(field, value(data));
        default -> valid.put(field, field.equals("alg") ? data.pickValue(ALGS)
            : field.equals("iss") ? iam.issuer() + data.consumeString(4)
            : data.consumeString(24));
      }
    }
    String json = valid.toString();
    return switch (data.consumeInt(0, 7)) {
      case 0 -> data.consumeString(64); // any text
      case 1 -> json.substring(0, json.length() - 1) + ",\"" + data.pickValue(fields) + "\":1}";
      case 2 -> json + data.consumeString(4); // trailing data
      default -> json;
    };
  }

  private static JsonNode value(FuzzedDataProvider data) {
    return switch (data.consumeInt(0, 7)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(data.consumeBoolean());
      case 2 -> NODES.numberNode(data.consumeLong());
      case 3 -> NODES.numberNode(data.consumeDouble());
      case 4 -> NODES.numberNode(new java.math.BigInteger(1, data.consumeBytes(24)));
      case 5 -> NODES.arrayNode().add(data.consumeString(8));
      case 6 -> NODES.objectNode().put(data.consumeString(4), data.consumeString(8));
      default -> NODES.textNode(data.consumeString(16));
    };
  }

  /** Base64url as IAM writes it, or padded, or the standard alphabet, or raw text. */
  private static String part(FuzzedDataProvider data, String json) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return switch (data.consumeInt(0, 5)) {
      case 0 -> Base64.getUrlEncoder().encodeToString(b);
      case 1 -> Base64.getEncoder().encodeToString(b);
      case 2 -> json;
      default -> URL.encodeToString(b);
    };
  }

  /** Changes, removes or inserts one character, or cuts the token. */
  private static String change(FuzzedDataProvider data, String token) {
    int at = data.consumeInt(0, token.length() - 1);
    return switch (data.consumeInt(0, 3)) {
      case 0 -> token.substring(0, at) + data.consumeChar() + token.substring(at + 1);
      case 1 -> token.substring(0, at) + token.substring(at + 1);
      case 2 -> token.substring(0, at) + data.consumeChar() + token.substring(at);
      default -> token.substring(0, at);
    };
  }

  private static String sign(RSASSASigner s, String signingInput) throws JOSEException {
    String cacheKey = (s == signer ? "iam:" : "foreign:") + signingInput;
    String signature = SIGNATURES.get(cacheKey);
    if (signature == null) {
      signature = s.sign(new JWSHeader(JWSAlgorithm.RS256),
          signingInput.getBytes(StandardCharsets.US_ASCII)).toString();
      SIGNATURES.put(cacheKey, signature);
    }
    return signature;
  }

  /** The algorithm-confusion attack: HS256 keyed with the RSA public key. */
  private static String hmacWithPublicKey(String signingInput) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(publicKeyBytes, "HmacSHA256"));
    return URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
