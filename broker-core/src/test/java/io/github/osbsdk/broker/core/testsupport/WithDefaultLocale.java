package io.github.osbsdk.broker.core.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs each test of the class it annotates with the JVM's default locale set to the one
 * {@link #value()} names, and gives the default locale back afterwards (see
 * {@link DefaultLocaleExtension}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(DefaultLocaleExtension.class)
public @interface WithDefaultLocale {
  /**
   * The locale each test runs in.
   *
   * @return its IETF BCP 47 language tag, such as {@code "tr-TR"}
   */
  String value();
}
