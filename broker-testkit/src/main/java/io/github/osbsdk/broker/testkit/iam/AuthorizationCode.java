package io.github.osbsdk.broker.testkit.iam;

import java.time.Instant;

/** A single-use authorization code bound to its client, redirect URI and user. */
record AuthorizationCode(String clientId, String redirectUri, Identity user, Instant expiresAt) {
}
