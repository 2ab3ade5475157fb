package io.github.osbsdk.broker.api;

import io.github.osbsdk.broker.api.internal.MaskedValues;
import io.github.osbsdk.broker.api.internal.Texts;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 */
public sealed interface AsyncWork {
  /**
   * Work that runs on this replica only.
   *
   * @param task the work
   * @return the async work
   */
  static AsyncWork task(AsyncTask task) {
    return new Task(task);
  }

  /**
   * A resumable step, run by name; the name must be registered with the broker builder.
   *
   * @param name the step name
   * @param arguments JSON-serializable arguments (maps, lists, strings, numbers, booleans)
   * @return the async work
   */
  static AsyncWork step(String name, Map<String, Object> arguments) {
    return new Step(name, arguments);
  }

  /**
   * An operation the provider tracks itself.
   *
   * @param operation the provider's operation id (at most 10,000 characters), passed back to
   *     its {@code lastOperation}
   * @return the async work
   */
  static AsyncWork trackedByProvider(String operation) {
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
   * @param arguments its JSON arguments (copied, unmodifiable)
   */
  record Step(String name, Map<String, Object> arguments) implements AsyncWork {
    /** Checks and copies. */
    public Step {
      Objects.requireNonNull(name, "name == null");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a step needs a name");
      }
      arguments = arguments == null ? Map.of()
          : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    /** @return the step, its argument values masked */
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
    /** Checks the id: at most 10,000 characters, no control characters (U+0000 to U+001F). */
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
