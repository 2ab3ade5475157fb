package io.github.osbsdk.broker.testkit.iam;

import java.util.Objects;

/**
 * One {@code permit(subject, action, crn)} rule; {@code "*"} in any field matches everything.
 */
record Policy(String subject, String action, String crn) {

    static final String ANY = "*";

    Policy {
        Objects.requireNonNull(subject, "subject == null");
        Objects.requireNonNull(action, "action == null");
        Objects.requireNonNull(crn, "crn == null");
    }

    boolean matchesCrn(String subjectId, String requestedAction, String resourceCrn) {
        return matchesSubjectAndAction(subjectId, requestedAction)
                && (ANY.equals(crn) || crn.equals(resourceCrn));
    }

    /**
     * Matches the older attribute form of a resource: {@code serviceInstance} is the instance CRN
     * or its instance segment; {@code serviceName} and {@code accountId}, when given, must equal
     * the CRN's service-name and account segments.
     */
    boolean matchesAttributes(String subjectId, String requestedAction,
            String serviceInstance, String serviceName, String accountId) {
        if (!matchesSubjectAndAction(subjectId, requestedAction)) {
            return false;
        }
        if (ANY.equals(crn)) {
            return true;
        }
        if (serviceInstance == null) {
            return false;
        }
        if (crn.equals(serviceInstance)) {
            return true;
        }
        String[] parts = crn.split(":", -1);
        if (parts.length < 10 || !"crn".equals(parts[0])) {
            return false;
        }
        return parts[7].equals(serviceInstance)
                && (serviceName == null || parts[4].equals(serviceName))
                && (accountId == null || parts[6].equals("a/" + accountId));
    }

    private boolean matchesSubjectAndAction(String subjectId, String requestedAction) {
        return (ANY.equals(subject) || subject.equals(subjectId))
                && (ANY.equals(action) || action.equals(requestedAction));
    }
}
