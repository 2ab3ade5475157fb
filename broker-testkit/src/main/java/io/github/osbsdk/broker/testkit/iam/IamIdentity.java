package io.github.osbsdk.broker.testkit.iam;

import java.util.LinkedHashMap;
import java.util.Map;

/** Derives the identity claims IAM puts next to {@code iam_id}. */
final class IamIdentity {

    private IamIdentity() {
    }

    /**
     * Returns {@code sub}, {@code realmid}, {@code identifier} and, for service IDs and trusted
     * profiles, {@code sub_type} for an IAM id.
     */
    static Map<String, Object> derive(String iamId) {
        Map<String, Object> claims = new LinkedHashMap<>();
        String realm;
        String identifier;
        if (iamId.startsWith("IBMid-")) {
            realm = "IBMid";
            identifier = iamId.substring("IBMid-".length());
        } else if (iamId.startsWith("crn-")) {
            realm = "crn";
            identifier = iamId.substring("crn-".length());
        } else if (iamId.startsWith("iam-")) {
            realm = "iam";
            identifier = iamId.substring("iam-".length());
            if (identifier.startsWith("ServiceId-")) {
                claims.put("sub_type", "ServiceId");
            } else if (identifier.startsWith("Profile-")) {
                claims.put("sub_type", "Profile");
            }
        } else {
            realm = "iam";
            identifier = iamId;
        }
        claims.put("sub", identifier);
        claims.put("realmid", realm);
        claims.put("identifier", identifier);
        return claims;
    }
}
