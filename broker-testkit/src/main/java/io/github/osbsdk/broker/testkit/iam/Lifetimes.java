package io.github.osbsdk.broker.testkit.iam;

import io.github.osbsdk.broker.testkit.internal.client.SettingChecks;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long what the simulator issues lives: its tokens and its authorization codes. Each
 * lifetime is checked against its bound when it is set, so that one the simulator could not add
 * to the current time is refused by the setter instead of failing a later request.
 */
final class Lifetimes {

    private volatile Duration token = Duration.ofHours(1);
    private volatile Duration code = Duration.ofMinutes(1);

    Duration token() {
        return token;
    }

    /** See {@link IamSimulator#tokenLifetime(Duration)}. */
    void token(Duration lifetime) {
        Objects.requireNonNull(lifetime, "lifetime == null");
        Duration max = IamSimulator.MAX_TOKEN_LIFETIME;
        if (lifetime.isNegative() || lifetime.compareTo(max) > 0) {
            throw new IllegalArgumentException("tokenLifetime: the token lifetime must be from 0"
                    + " to " + max.toDays() + " days: " + lifetime);
        }
        token = lifetime;
    }

    /** See {@link IamSimulator#authorizationCodeLifetime(Duration)}. */
    void code(Duration lifetime) {
        Objects.requireNonNull(lifetime, "lifetime == null");
        code = SettingChecks.positiveAtMost("authorizationCodeLifetime",
                "the authorization code lifetime", lifetime,
                IamSimulator.MAX_AUTHORIZATION_CODE_LIFETIME);
    }

    /** When a code issued at {@code now} stops being redeemable. */
    Instant codeExpiry(Instant now) {
        return now.plus(code);
    }
}
