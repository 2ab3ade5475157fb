package io.github.osbsdk.broker.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlSecretsTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "https://admin:hunter2@host.example/cb | https://***@host.example/cb",
      "ftp://admin@host.example | ftp://***@host.example",
      "//admin:hunter2@host.example/cb | //***@host.example/cb",
      "admin:hunter2@host.example/cb | ***@host.example/cb",
      "https://admin:hun ter@2@host.example:8443/cb | https://***@host.example:8443/cb",
      "https://a:b@host.example#top | https://***@host.example#top",
      "https://host.example/cb | https://host.example/cb",
      "/relative/cb | /relative/cb",
      "https://host.example/to//u:p@other.example/x"
          + " | https://host.example/to//***@other.example/x"})
  void userInfoOfAUrlIsMaskedUpToItsLastAt(String url, String masked) {
    assertThat(UrlSecrets.maskUrl(url)).isEqualTo(masked);
  }

  @Test
  void aUrlWithoutSchemeHasItsUserInfoMaskedEvenWhenALaterPartHoldsAnotherUrl() {
    assertThat(UrlSecrets.maskUrl("deploy:s3cret@host.example/x//other.example"))
        .isEqualTo("***@host.example/x//other.example");
  }

  @Test
  void urlsAmongWordsAreMaskedAndEndAtWhiteSpaceOrQuotes() {
    assertThat(UrlSecrets.maskUrlsIn("cannot load https://u:p@a.example/s.json: 404;"
        + " tried 'ftp://v:q@b.example' and \"//w:r@c.example\"\n//x:s@d.example"))
        .isEqualTo("cannot load https://***@a.example/s.json: 404; tried"
            + " 'ftp://***@b.example' and \"//***@c.example\"\n//***@d.example");
  }

  @Test
  void aTextWithoutUrlsIsKept() {
    String text = "user@example.com wrote: a:b@c, see /x/y and http: without slashes";
    assertThat(UrlSecrets.maskUrlsIn(text)).isEqualTo(text);
  }

  @Test
  void nullStaysNull() {
    assertThat(UrlSecrets.maskUrl(null)).isNull();
    assertThat(UrlSecrets.maskUrlsIn(null)).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "https://h.example/cb?token=t1&api_key=k1 | https://h.example/cb?token=***&api_key=***",
      "https://h.example/cb?plan=small;sig=x#top | https://h.example/cb?plan=***;sig=***#top",
      "/cb?password=p1&secret=s1 | /cb?password=***&secret=***",
      "https://h.example/cb?s3cr3t-token | https://h.example/cb?***",
      "https://h.example/cb?a=&&b=x=y& | https://h.example/cb?a=&&b=***&",
      "https://h.example/cb? | https://h.example/cb?",
      "https://u:p@h.example/cb?next=https://v:q@o.example/ | https://***@h.example/cb?next=***"})
  void everyQueryValueIsMaskedAndEveryNameKept(String url, String masked) {
    assertThat(UrlSecrets.maskUrl(url)).isEqualTo(masked);
  }

  @Test
  void aFragmentWithParametersIsMaskedAsAQueryAndAnAnchorIsKept() {
    assertThat(UrlSecrets.maskUrl("https://h.example/cb#access_token=t1&expires_in=3600"))
        .isEqualTo("https://h.example/cb#access_token=***&expires_in=***");
    assertThat(UrlSecrets.maskUrl("https://h.example/docs#section-2"))
        .isEqualTo("https://h.example/docs#section-2");
  }

  @Test
  void queryValuesOfUrlsAmongWordsAreMaskedUpToTheWordsEnd() {
    assertThat(UrlSecrets.maskUrlsIn("GET https://h.example/t?sig=abc&x=1 failed, 'ftp://f.example"
        + "/?k=v' and //g.example?key=val#frag=1\tdone?ok=1"))
        .isEqualTo("GET https://h.example/t?sig=***&x=*** failed, 'ftp://f.example/?k=***' and"
            + " //g.example?key=***#frag=***\tdone?ok=1");
  }
}
