package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.state.InstanceStateStore;

/**
 * Everything the resources share, built once per broker.
 *
 * @param broker the provider
 * @param mapper the shared mapper
 * @param canonical a writer of the shared mapper with sorted map keys, for request fingerprints
 * @param catalogs the catalog holder
 * @param bodies request body reader
 * @param fields typed body fields
 * @param states the IBM instance-state store
 * @param async SDK-tracked operations
 * @param pending provider-tracked provisions and deprovisions awaiting their outcome
 * @param errors error bodies
 * @param strictVersionGating whether fetch and async bindings need API 2.14
 */
public record BrokerServices(ServiceBroker broker, ObjectMapper mapper, ObjectWriter canonical,
    Catalogs catalogs, Bodies bodies, JsonFields fields, InstanceStateStore states,
    AsyncOperations async, ProviderOperations pending, ErrorResponses errors,
    boolean strictVersionGating) {}
