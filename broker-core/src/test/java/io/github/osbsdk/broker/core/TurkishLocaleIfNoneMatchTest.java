package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.testsupport.WithDefaultLocale;
import org.junit.jupiter.api.Test;

/**
 * {@code If-None-Match} is read in a JVM whose default locale is Turkish, where Jersey's header
 * map hashes the "I" of the name as a dotless "ı" (see {@code TurkishLocaleHeaderNamesTest}).
 */
@WithDefaultLocale("tr-TR")
class TurkishLocaleIfNoneMatchTest {
  @Test
  void catalogWithMatchingIfNoneMatchAnswersNotModifiedInATurkishLocale() {
    try (TestServer server = TestServer.start(new TestServiceBroker())) {
      String etag = server.call("GET", "/v2/catalog").send().header("ETag");
      // before: 200, the header not found under "If-None-Match"
      Reply r = server.call("GET", "/v2/catalog").header("If-None-Match", etag).send();
      assertThat(r.status()).as(r.toString()).isEqualTo(304);
    }
  }
}
