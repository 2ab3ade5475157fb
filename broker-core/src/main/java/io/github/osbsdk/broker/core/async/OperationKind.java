package io.github.osbsdk.broker.core.async;

/** The OSB mutation an SDK-tracked operation performs. */
public enum OperationKind {
  /** {@code PUT /v2/service_instances/:id}. */
  PROVISION,
  /** {@code PATCH /v2/service_instances/:id}. */
  UPDATE,
  /** {@code DELETE /v2/service_instances/:id}. */
  DEPROVISION,
  /** {@code PUT .../service_bindings/:id}. */
  BIND,
  /** {@code DELETE .../service_bindings/:id}. */
  UNBIND;

  /** @return whether the operation works on a binding rather than the instance */
  public boolean isBindingOperation() {
    return this == BIND || this == UNBIND;
  }

  /** @return whether the operation deletes its resource (its success makes last_operation 410) */
  public boolean isDelete() {
    return this == DEPROVISION || this == UNBIND;
  }
}
