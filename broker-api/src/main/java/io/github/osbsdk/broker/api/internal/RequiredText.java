package io.github.osbsdk.broker.api.internal;

import java.util.Objects;

/**
 * The check of a text a wire record cannot go without (a client id, a version, a driver): null
 * is refused as every required argument is, and so is a blank one, which OSB gives no meaning.
 */
public final class RequiredText {
  private RequiredText() {}

  /**
   * Refuses a null or blank text.
   *
   * @param value the text
   * @param name its parameter's name in messages
   * @throws NullPointerException {@code "<name> == null"} when it is null
   * @throws IllegalArgumentException when it is empty or only white space
   */
  public static void check(String value, String name) {
    Objects.requireNonNull(value, name + " == null");
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank: OSB needs a value");
    }
  }
}
