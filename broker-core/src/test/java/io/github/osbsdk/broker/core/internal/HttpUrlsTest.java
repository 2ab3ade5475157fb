package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HttpUrlsTest {
  private static final String[] PREFIXES = {"http://", "https://", "HTTP://", "Https://",
      "http:/", "http:", "ftp://", "http://user@", "https://[::1]", ""};
  private static final String ALPHABET = "abzAZ0129-._~:/%?#@[];=+!*'(),\u00e9";

  @Test
  void answersAsUriDoesForEveryText() {
    Random random = new Random(20261205L);
    int plain = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder s = new StringBuilder(PREFIXES[random.nextInt(PREFIXES.length)]);
      int length = random.nextInt(24);
      for (int j = 0; j < length; j++) {
        s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      String url = s.toString();
      boolean expected = uriReadsAsHttpWithHost(url);
      assertThat(HttpUrls.absoluteWithHost(url)).as(url).isEqualTo(expected);
      if (HttpUrls.plain(url)) {
        assertThat(expected).as("plain but not a URL with a host: " + url).isTrue();
        plain++;
      }
    }
    assertThat(plain).as("texts the scan recognised").isGreaterThan(100);
  }

  @Test
  void answersAsUriDoesForHostsAtTheEdges() {
    for (String url : new String[] {"http://127.0.0.1:8080/dashboard/i1", "http://0.0.0.0",
        "http://255.255.255.255/", "http://256.1.1.1/", "http://1.2.3/", "http://1.2.3.4.5/",
        "http://01.2.3.4/", "http://0255.1.1.1/", "http://1.2.3.4:/", "http://1.2.3.4:123456/",
        "http://a.1b/", "http://a1.b2/", "http://1a.b/", "http://a-.b/", "http://-a/",
        "http://a..b/", "http://a.b./", "http://a-b.c-d.ef/", "http://localhost",
        "https://dash.example.com/x-y_z~/a.b", "https://dash.example/i1?x=1",
        "https://dash.example/i1#top", "https://dash.example/%41", "https://dash.example:/",
        "https://dash.example:1:2/", "https://user@dash.example/", "HTTPS://dash.example/i1",
        "https:///path", "https://", "http:/a/b", "javascript:alert(1)", "/dashboard/i1"}) {
      assertThat(HttpUrls.absoluteWithHost(url)).as(url).isEqualTo(uriReadsAsHttpWithHost(url));
    }
  }

  @Test
  void recognisesTheUsualDashboardUrlsWithoutParsingThem() {
    assertThat(HttpUrls.plain("http://127.0.0.1:8080/dashboard/0000-1111")).isTrue();
    assertThat(HttpUrls.plain("https://hello-kv.us-south.example.com/dashboard/i-1")).isTrue();
    assertThat(HttpUrls.plain("https://dash.example/i1?x=1")).isFalse();
    assertThat(HttpUrls.plain("HTTPS://dash.example/i1")).isFalse();
  }

  private static boolean uriReadsAsHttpWithHost(String url) {
    try {
      URI u = new URI(url);
      return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
          && u.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
