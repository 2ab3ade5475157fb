package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcceptHeaderFilterTest {
  @Test
  void mediaRangesWithParametersAndEmptyElementsAreWellFormed() {
    for (String accept : new String[] {null, "", "application/json", "*/*",
        "application/json;q=0.9, text/*;q=0.1", "text/html;;", "a/b, , c/d",
        "text/plain;x=\"a,b\""}) {
      assertThat(AcceptHeaderFilter.wellFormed(accept)).as(accept).isTrue();
    }
  }

  @Test
  void javaHttpUrlConnectionsDefaultAcceptWithALoneStarIsWellFormed() {
    // what java.net.HttpURLConnection sends when the caller sets no Accept header
    String javaDefault = "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2";
    assertThat(AcceptHeaderFilter.wellFormed(javaDefault)).isTrue();
    assertThat(AcceptHeaderFilter.wellFormed("*")).isTrue();
  }

  @Test
  void elementsThatAreNotTypeSlashSubtypeAreRefused() {
    for (String accept : new String[] {";;;", "json", "application/", "/json", "a/b/c",
        "application/json, ;q=1", "text/plain;x=\"open", "a b/c", "**"}) {
      assertThat(AcceptHeaderFilter.wellFormed(accept)).as(accept).isFalse();
    }
  }
}
