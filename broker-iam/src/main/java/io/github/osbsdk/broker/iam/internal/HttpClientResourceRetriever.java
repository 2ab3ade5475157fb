package io.github.osbsdk.broker.iam.internal;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Objects;

/**
 * Lets Nimbus fetch the JWK set through the JDK HTTP client of the IAM configuration, handing on
 * only its usable keys ({@link UsableKeys}): a set with no usable key fails like an unreachable
 * IAM.
 */
public final class HttpClientResourceRetriever implements ResourceRetriever {
  private final IamHttp http;
  private final UsableKeys usable = new UsableKeys();

  /** @param http the helper */
  public HttpClientResourceRetriever(IamHttp http) {
    this.http = Objects.requireNonNull(http, "http == null");
  }

  @Override
  public Resource retrieveResource(URL url) throws IOException {
    IamHttp.Reply reply;
    try {
      reply = http.get(url.toURI());
    } catch (URISyntaxException e) {
      throw new IOException("bad keys URL", e);
    }
    if (reply.status() != 200) {
      throw new IOException("IAM keys endpoint answered " + reply.status());
    }
    return new Resource(usable.filter(reply.body()), "application/json");
  }
}
