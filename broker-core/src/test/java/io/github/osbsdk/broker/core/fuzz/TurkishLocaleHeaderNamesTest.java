package io.github.osbsdk.broker.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.WithDefaultLocale;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * In a JVM whose default locale is Turkish or Azeri, {@code "I".toLowerCase()} is a dotless
 * {@code "ı"}, and Jersey's header map hashes a name lower-cased in the default locale: a header
 * looked up under a spelling that differs from the one received in an "I" is not found. The
 * broker still reads every header it needs, whichever way the client spells its name (as
 * written in the spec, or in lower case as HTTP/2 and proxies such as Envoy send it).
 */
@WithDefaultLocale("tr-TR")
class TurkishLocaleHeaderNamesTest {
  @Test
  void headersSpelledAsInTheSpecAreReadInATurkishLocale() {
    Map<String, List<String>> h = Fuzzed.platformHeaders(); // X-Broker-API-Version: 2.17
    h.put("X-Broker-API-Request-Identity", new ArrayList<>(List.of("req-tr-1")));
    try (InMemoryBroker broker = new InMemoryBroker()) {
      // before: 400 "The header X-Broker-API-Version is missing", and a generated request id
      InMemoryBroker.Reply r = broker.send("GET", "/v2/catalog", h, null);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.requestId()).isEqualTo("req-tr-1");
    }
  }

  @Test
  void headersSpelledInLowerCaseAreReadInATurkishLocale() {
    Map<String, List<String>> h = new LinkedHashMap<>();
    h.put("x-broker-api-version", new ArrayList<>(List.of("2.17")));
    h.put("authorization", new ArrayList<>(List.of(InMemoryBroker.BASIC)));
    h.put("x-broker-api-request-identity", new ArrayList<>(List.of("req-tr-2")));
    try (InMemoryBroker broker = new InMemoryBroker()) {
      InMemoryBroker.Reply r = broker.send("GET", "/v2/catalog", h, null);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.requestId()).isEqualTo("req-tr-2");
    }
  }
}
