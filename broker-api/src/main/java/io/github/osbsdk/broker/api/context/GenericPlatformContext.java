package io.github.osbsdk.broker.api.context;

import io.github.osbsdk.broker.api.internal.JsonCopies;
import io.github.osbsdk.broker.api.internal.MaskedValues;
import java.util.Map;

/**
 * The context of a platform the SDK has no typed accessors for; keeps every key.
 *
 * @param properties the context object, unmodifiable
 */
public record GenericPlatformContext(Map<String, Object> properties) implements PlatformContext {
  /**
   * Copies the properties.
   *
   * @param properties the context object (copied, unmodifiable), or null for an empty one
   */
  public GenericPlatformContext {
    properties = JsonCopies.map(properties);
  }

  /**
   * Describes the context for logs: its keys and platform, never its values.
   *
   * @return the context with its keys and {@code platform}, every other value masked
   */
  @Override
  public String toString() {
    return "GenericPlatformContext" + MaskedValues.context(properties);
  }
}
