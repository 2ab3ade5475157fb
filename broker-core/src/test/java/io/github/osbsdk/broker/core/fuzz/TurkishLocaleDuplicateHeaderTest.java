package io.github.osbsdk.broker.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.DefaultLocaleExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Review of {@code HeaderKeys}: a header sent on two lines whose names differ only in case is
 * one header to JAX-RS, read whole (its lines joined), in every locale. In a Turkish one the two
 * spellings of a name holding an "I" land under two keys, and {@code HeaderKeys.value} returns
 * the lower-case spelling's line alone as soon as the map finds it: the other line is ignored
 * instead of making the value one that is refused.
 */
@ExtendWith(DefaultLocaleExtension.class) // each test sets the locales it compares
class TurkishLocaleDuplicateHeaderTest {
  private static String identity(String user) {
    String json = "{\"user_id\":\"" + user + "\"}";
    return "cloudfoundry "
        + Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static int catalogWithTwoIdentityLines() {
    Map<String, List<String>> h = Fuzzed.platformHeaders();
    h.put("X-Broker-API-Originating-Identity", new ArrayList<>(List.of(identity("proxy-set"))));
    h.put("x-broker-api-originating-identity", new ArrayList<>(List.of(identity("client-set"))));
    try (InMemoryBroker broker = new InMemoryBroker()) {
      return broker.send("GET", "/v2/catalog", h, null).status();
    }
  }

  @Test
  void originatingIdentityOnTwoLinesSpelledDifferentlyIsAnsweredAlikeInATurkishLocale() {
    Locale.setDefault(Locale.ROOT);
    int elsewhere = catalogWithTwoIdentityLines();
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    int turkish = catalogWithTwoIdentityLines();
    assertThat(turkish).as("status in tr-TR (in the root locale: %s)", elsewhere)
        .isEqualTo(elsewhere);
  }
}
