package io.github.osbsdk.broker.api;

import io.github.osbsdk.broker.api.internal.JsonArguments;
import io.github.osbsdk.broker.api.internal.MaskedValues;
import io.github.osbsdk.broker.api.internal.Texts;
import java.util.Map;
import java.util.Objects;

/**
 * The work behind an asynchronous (202) answer, in one of three forms. The SDK records the
 * operation, answers {@code last_operation} for it on every replica and refuses other mutations of
 * the instance (binding) until it ends.
 *
 * <ul>
 *   <li>{@link #task(AsyncTask)}: code that runs on the replica that accepted the request. If that
 *       replica dies before the task ends, another replica marks the operation {@code failed}
 *       with a description saying the broker stopped during it, so the platform can retry.
 *   <li>{@link #step(String, Map)}: a named, idempotent step with JSON arguments, registered with
 *       the broker builder. It is <em>resumable</em>: if the replica running it dies, the replica
 *       that takes the operation over runs the step again with the same arguments.
 *   <li>{@link #trackedByProvider(String)}: the provider runs and tracks the operation itself and
 *       answers {@link ServiceBroker#lastOperation} (or
 *       {@link ServiceBroker#lastBindingOperation}) with its own operation id.
 * </ul>
 *
 * <p>Each factory returns its own record type, so that a bind takes only the forms that suit it:
 * {@code BindResult.accepted} takes a {@link io.github.osbsdk.broker.api.binding.BindTask} (the
 * bind's own task, which delivers the binding), a {@link Step} or a {@link ProviderTracked}, never
 * a plain {@link Task}, whose {@link AsyncTask} returns nothing: a lambda written to return the
 * binding, {@code AsyncWork.task(() -> BindResult.bound(credentials))}, fits it and would drop
 * the credentials. {@code BindResult.accepted(AsyncWork.task(...))} therefore does not compile,
 * and a {@link io.github.osbsdk.broker.api.binding.BindResult.Accepted} built around a plain task
 * is refused with an {@link IllegalArgumentException}.
 *
 * <p>Only a bind's work can deliver a result (the binding, with its credentials): a
 * {@code BindResult.accepted(BindTask)}, or a step registered as a
 * {@link io.github.osbsdk.broker.api.binding.BindStep}. A provision, update, deprovision or
 * unbind that names a {@code BindStep} (or runs a bind task's work) is a provider bug, refused
 * before its work starts: answered 500 and logged.
 */
public sealed interface AsyncWork {
  /**
   * Work that runs on this replica only.
   *
   * @param task the work
   * @return the async work
   */
  static Task task(AsyncTask task) {
    return new Task(task);
  }

  /**
   * A resumable step, run by name; the name must be registered with the broker builder.
   *
   * <p>The arguments are JSON values, checked here: {@code null}, strings, booleans, numbers
   * ({@link Integer}, {@link Long}, {@link Short}, {@link Byte}, {@link java.math.BigInteger},
   * finite {@link Double} and {@link Float}, {@link java.math.BigDecimal}), maps with string keys
   * and lists or other collections of them, nested at most 100 levels. Anything else (a
   * {@code UUID}, an {@code Instant}, an enum, an array, a bean) is refused with an
   * {@link IllegalArgumentException} naming where it is, such as {@code arguments.items[2]}:
   * pass its text instead. Thrown from a {@code ServiceBroker} method, it is answered like any
   * other bug of the provider: 500 with an OSB error body, logged with its stack trace.
   *
   * <p>Every run of the step, the first included, sees the arguments as they read once written
   * as JSON (the form a replica that resumes the step reads back from the store): an unmodifiable
   * map whose whole numbers are {@link Integer} when they fit, else {@link Long} when they fit,
   * else {@link java.math.BigInteger}; whose {@code Double}, {@code Float} and
   * {@code BigDecimal} values are {@link java.math.BigDecimal} of the same value with at least
   * one decimal place ({@code 0.1} stays exactly 0.1, {@code new BigDecimal("2")} becomes
   * {@code 2.0}); whose nested maps keep their order; and whose collections are unmodifiable
   * lists. So {@code 5L} is seen as {@code Integer} 5: read numbers through {@link Number}
   * ({@code ((Number) args.get("n")).longValue()}).
   *
   * <p>The arguments are stored as plain JSON with the operation, for as long as it is kept
   * (on PostgreSQL, in {@code osb_operation.step_arguments}): never put a secret in them, even
   * though {@code toString} masks their values. A resumed step gets nothing but its
   * {@link StepContext} (operation id, type, instance and binding id, arguments, attempt): no
   * request parameters, context or plan, so put everything it needs in the arguments.
   *
   * @param name the step name
   * @param arguments JSON arguments, as above, or null for none
   * @return the async work
   * @throws IllegalArgumentException when an argument is not a JSON value
   */
  static Step step(String name, Map<String, Object> arguments) {
    return new Step(name, arguments);
  }

  /**
   * An operation the provider tracks itself. The platform never sees the provider's id: the SDK
   * answers the 202 with an operation id of its own, the platform polls {@code last_operation}
   * with that one, and the SDK calls the provider's {@code lastOperation} (or
   * {@code lastBindingOperation}) with the id given here.
   *
   * @param operation the provider's operation id (at most 10,000 characters), passed back to
   *     its {@code lastOperation}, never sent to the platform
   * @return the async work
   */
  static ProviderTracked trackedByProvider(String operation) {
    return new ProviderTracked(operation);
  }

  /**
   * Work that runs on this replica only.
   *
   * @param task the work
   */
  record Task(AsyncTask task) implements AsyncWork {
    /** Checks the task. */
    public Task {
      Objects.requireNonNull(task, "task == null");
    }
  }

  /**
   * A resumable step.
   *
   * @param name the registered step name
   * @param arguments its JSON arguments, in the form every run of the step sees (see
   *     {@link AsyncWork#step}; copied, unmodifiable; null is taken as none)
   */
  record Step(String name, Map<String, Object> arguments) implements AsyncWork {
    /**
     * Checks the name and the arguments, and copies them in their JSON form.
     *
     * @throws IllegalArgumentException for a blank name or an argument that is not a JSON value
     */
    public Step {
      Objects.requireNonNull(name, "name == null");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a step needs a name");
      }
      arguments = JsonArguments.of(arguments);
    }

    /**
     * Describes the step for logs without the values of its arguments.
     *
     * @return the step, its argument values masked
     */
    @Override
    public String toString() {
      return "Step[name=" + name + ", arguments=" + MaskedValues.keys(arguments) + "]";
    }
  }

  /**
   * An operation the provider tracks.
   *
   * @param operation the provider's operation id
   */
  record ProviderTracked(String operation) implements AsyncWork {
    /**
     * Checks the id: at most 10,000 characters, no control characters (U+0000 to U+001F and
     * U+007F).
     */
    public ProviderTracked {
      Objects.requireNonNull(operation, "operation == null");
      if (operation.length() > 10_000) {
        throw new IllegalArgumentException("operation is longer than 10,000 characters");
      }
      if (Texts.hasControlCharacter(operation)) {
        // the platform sends it back in a query parameter, and a database cannot keep U+0000
        throw new IllegalArgumentException("operation holds a control character");
      }
    }
  }
}
