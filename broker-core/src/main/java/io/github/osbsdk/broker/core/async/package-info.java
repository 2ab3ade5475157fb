/**
 * Bookkeeping of asynchronous operations the SDK runs for a broker (responses carrying an
 * {@link io.github.osbsdk.broker.api.AsyncTask}): the small
 * {@link io.github.osbsdk.broker.core.async.OperationTracker} interface and its in-memory default.
 * A broker with several replicas plugs in a shared (durable) implementation.
 */
package io.github.osbsdk.broker.core.async;
