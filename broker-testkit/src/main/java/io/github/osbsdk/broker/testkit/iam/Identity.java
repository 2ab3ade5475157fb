package io.github.osbsdk.broker.testkit.iam;

import java.util.Objects;

/** An IAM identity the simulator issues tokens for. */
record Identity(String iamId, String accountId) {
    Identity {
        Objects.requireNonNull(iamId, "iamId == null");
        Objects.requireNonNull(accountId, "accountId == null");
    }
}
