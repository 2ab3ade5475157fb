package io.github.osbsdk.broker.core.testsupport;

import java.util.Locale;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives the JVM's default locale (for display and format too) back after each test, as it was
 * before the test, so that a test that changes it leaves none of its change to the tests that
 * run after it. Before each test, it sets the default locale to the one the class's
 * {@link WithDefaultLocale} names, if it has one; a test that changes the locale itself
 * registers this extension alone ({@code @ExtendWith(DefaultLocaleExtension.class)}).
 */
public final class DefaultLocaleExtension implements BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(DefaultLocaleExtension.class);

  /** The default locales a test started with. */
  private record Defaults(Locale locale, Locale display, Locale format) {
    static Defaults now() {
      return new Defaults(Locale.getDefault(), Locale.getDefault(Locale.Category.DISPLAY),
          Locale.getDefault(Locale.Category.FORMAT));
    }

    void restore() {
      Locale.setDefault(locale);
      Locale.setDefault(Locale.Category.DISPLAY, display);
      Locale.setDefault(Locale.Category.FORMAT, format);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NAMESPACE).put(Defaults.class, Defaults.now());
    WithDefaultLocale wanted =
        context.getRequiredTestClass().getAnnotation(WithDefaultLocale.class);
    if (wanted != null) {
      Locale.setDefault(Locale.forLanguageTag(wanted.value()));
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Defaults before = context.getStore(NAMESPACE).remove(Defaults.class, Defaults.class);
    if (before != null) {
      before.restore();
    }
  }
}
