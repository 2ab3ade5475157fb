package io.github.osbsdk.broker.testkit.requests;

import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.api.StepContext;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the {@link StepContext} a resumable step is run with; start with
 * {@link ProviderRequests#stepContext}. The arguments go through the same JSON form as the SDK's
 * ({@code 5L} is seen as {@code Integer} 5), as every run of a step sees them.
 */
public final class StepContextBuilder {
  private final OperationType type;
  private String operationId = "operation-1";
  private String instanceId = ProviderRequests.INSTANCE_ID;
  private String bindingId;
  private Map<String, Object> arguments = Map.of();
  private int attempt = 1;

  StepContextBuilder(OperationType type) {
    this.type = Objects.requireNonNull(type, "type == null");
    this.bindingId = type.onBinding() ? ProviderRequests.BINDING_ID : null;
  }

  /**
   * Sets the SDK's operation id.
   *
   * @param id the operation id (default {@code operation-1})
   * @return this
   */
  public StepContextBuilder operationId(String id) {
    this.operationId = Objects.requireNonNull(id, "id == null");
    return this;
  }

  /**
   * Sets the instance id.
   *
   * @param id the instance id (default {@code instance-1})
   * @return this
   */
  public StepContextBuilder instanceId(String id) {
    this.instanceId = Objects.requireNonNull(id, "id == null");
    return this;
  }

  /**
   * Sets the binding id.
   *
   * @param id the binding id (default {@code binding-1} for a bind or unbind, else null)
   * @return this
   */
  public StepContextBuilder bindingId(String id) {
    this.bindingId = id;
    return this;
  }

  /**
   * Sets the step's arguments, as given to {@code AsyncWork.step}.
   *
   * @param args the JSON arguments (default none)
   * @return this
   */
  public StepContextBuilder arguments(Map<String, Object> args) {
    this.arguments = args;
    return this;
  }

  /**
   * Sets the attempt: 1 on the first run, higher when another replica resumes the step.
   *
   * @param number the attempt (default 1)
   * @return this
   */
  public StepContextBuilder attempt(int number) {
    this.attempt = number;
    return this;
  }

  /**
   * Builds the context.
   *
   * @return the context
   */
  public StepContext build() {
    return new StepContext(operationId, type, instanceId, bindingId, arguments, attempt);
  }
}
