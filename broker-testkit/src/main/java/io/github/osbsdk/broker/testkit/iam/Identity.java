package io.github.osbsdk.broker.testkit.iam;

import java.util.Objects;

/** An IAM identity the simulator issues tokens for; {@code name} and {@code email} may be null. */
record Identity(String iamId, String accountId, String name, String email) {
    Identity {
        Objects.requireNonNull(iamId, "iamId == null");
        Objects.requireNonNull(accountId, "accountId == null");
    }

    Identity(String iamId, String accountId) {
        this(iamId, accountId, null, null);
    }
}
