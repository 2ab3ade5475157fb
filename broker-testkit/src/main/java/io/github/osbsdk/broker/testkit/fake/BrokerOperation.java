package io.github.osbsdk.broker.testkit.fake;

/**
 * The operations of a {@link io.github.osbsdk.broker.api.ServiceBroker}, one per method: the
 * unit of request recording, error injection and delay injection of the
 * {@link FakeServiceBroker}. New constants may appear in a minor release: a {@code switch} over it
 * needs a default branch.
 */
public enum BrokerOperation {
  /** {@code catalog()}. */
  CATALOG,
  /** {@code provision(...)}. */
  PROVISION,
  /** {@code deprovision(...)}. */
  DEPROVISION,
  /** {@code update(...)}. */
  UPDATE,
  /** {@code fetchInstance(...)}. */
  FETCH_INSTANCE,
  /** {@code lastOperation(...)}. */
  LAST_OPERATION,
  /** {@code bind(...)}. */
  BIND,
  /** {@code unbind(...)}. */
  UNBIND,
  /** {@code fetchBinding(...)}. */
  FETCH_BINDING,
  /** {@code lastBindingOperation(...)}. */
  LAST_BINDING_OPERATION,
  /** {@code instanceStateChanged(...)}. */
  INSTANCE_STATE_CHANGED
}
