package io.github.osbsdk.broker.testkit.iam;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the simulator knows: API keys, OAuth clients, the logged-in user, codes and policies. */
final class Registry {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_CODES = 10_000;

    private final Map<String, Identity> apiKeys = new ConcurrentHashMap<>();
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();
    private final List<Policy> policies = new CopyOnWriteArrayList<>();
    private volatile Identity loggedIn =
            new Identity(IamSimulator.DEFAULT_USER_ID, IamSimulator.DEFAULT_ACCOUNT_ID);

    void registerApiKey(String apiKey, Identity identity) {
        apiKeys.put(apiKey, identity);
    }

    Optional<Identity> apiKey(String apiKey) {
        return Optional.ofNullable(apiKeys.get(apiKey));
    }

    /** An OAuth client: its secret and the redirect URIs registered for it. */
    private record Client(byte[] secret, Set<String> redirectUris) {
    }

    /** See {@link IamSimulator#registerClient(String, String, URI...)}. */
    void registerClient(String clientId, String secret, URI... redirectUris) {
        Objects.requireNonNull(clientId, "clientId == null");
        Objects.requireNonNull(secret, "clientSecret == null");
        Set<String> uris = new HashSet<>();
        for (URI u : Objects.requireNonNull(redirectUris, "redirectUris == null")) {
            uris.add(Objects.requireNonNull(u, "a redirect URI is null").toString());
        }
        clients.put(clientId, new Client(secret.getBytes(StandardCharsets.UTF_8),
                Set.copyOf(uris)));
    }

    boolean hasClient(String clientId) {
        return clients.containsKey(clientId);
    }

    /** Exact string match, as OAuth 2.0 security best practice (RFC 9700) asks of servers. */
    boolean redirectUriRegistered(String clientId, String redirectUri) {
        Client c = clients.get(clientId);
        return c != null && c.redirectUris().contains(redirectUri);
    }

    /** Checks client credentials in constant time with respect to the secret. */
    boolean clientAuthenticates(String clientId, String secret) {
        Client client = clients.get(clientId);
        byte[] expected = client == null ? null : client.secret();
        byte[] given = secret.getBytes(StandardCharsets.UTF_8);
        return expected != null && MessageDigest.isEqual(expected, given);
    }

    void loginAs(Identity user) {
        loggedIn = user;
    }

    Identity loggedIn() {
        return loggedIn;
    }

    /** Issues a single-use code that stops being redeemable at {@code expiresAt}. */
    String newCode(String clientId, String redirectUri, Instant expiresAt) {
        codes.values().removeIf(c -> c.expiresAt().isBefore(Instant.now()));
        if (codes.size() >= MAX_CODES) {
            throw new HttpIo.BadRequest(503, "BXNIM0503E", "Too many outstanding codes.");
        }
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        codes.put(code, new AuthorizationCode(clientId, redirectUri, loggedIn,
                expiresAt));
        return code;
    }

    /** Removes and returns the code: a code is usable once, whatever the outcome. */
    Optional<AuthorizationCode> consumeCode(String code) {
        codes.values().removeIf(c -> c.expiresAt().isBefore(Instant.now()));
        return Optional.ofNullable(codes.remove(code));
    }

    void permit(Policy policy) {
        policies.add(policy);
    }

    void clearPolicies() {
        policies.clear();
    }

    boolean permittedCrn(String subject, String action, String crn) {
        return policies.stream().anyMatch(p -> p.matchesCrn(subject, action, crn));
    }

    boolean permittedAttributes(String subject, String action,
            String serviceInstance, String serviceName, String accountId) {
        return policies.stream().anyMatch(
                p -> p.matchesAttributes(subject, action, serviceInstance, serviceName, accountId));
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
