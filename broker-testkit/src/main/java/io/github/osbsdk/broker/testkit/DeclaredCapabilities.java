package io.github.osbsdk.broker.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link Capabilities.Builder} was told, frozen: the values behind {@link Capabilities}'
 * accessors, which document each. A null flag is unset (taken from the catalog); the collections
 * are copied, unmodifiable and keep the order given.
 *
 * @param update parameter-only updates work, or null
 * @param instancesRetrievable override of {@code instances_retrievable}, or null
 * @param bindingsRetrievable override of {@code bindings_retrievable}, or null
 * @param bindings whether the broker binds at all, or null
 * @param dashboardUrl whether every provision answers a {@code dashboard_url}, or null
 * @param rotation override of {@code binding_rotatable}, or null
 * @param bindingCredentials whether bindings carry credentials, or null
 * @param bluemix whether the {@code bluemix_v1} endpoints are checked
 * @param concurrency whether concurrent mutations get 422 {@code ConcurrencyError}
 * @param requiresApp whether binds without {@code app_guid} get 422 {@code RequiresApp}
 * @param asyncOnlyPlans plans that work only asynchronously
 * @param provisionParameters parameters to provision plans with, by plan id
 * @param bindParameters parameters to bind instances of plans with, by plan id
 */
record DeclaredCapabilities(Boolean update, Boolean instancesRetrievable,
    Boolean bindingsRetrievable, Boolean bindings, Boolean dashboardUrl, Boolean rotation,
    Boolean bindingCredentials, boolean bluemix, boolean concurrency, boolean requiresApp,
    Set<String> asyncOnlyPlans, Map<String, Map<String, Object>> provisionParameters,
    Map<String, Map<String, Object>> bindParameters) {
  DeclaredCapabilities {
    asyncOnlyPlans = Collections.unmodifiableSet(new LinkedHashSet<>(asyncOnlyPlans));
    provisionParameters = Collections.unmodifiableMap(new LinkedHashMap<>(provisionParameters));
    bindParameters = Collections.unmodifiableMap(new LinkedHashMap<>(bindParameters));
  }
}
