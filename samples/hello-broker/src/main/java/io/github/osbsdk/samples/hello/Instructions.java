package io.github.osbsdk.samples.hello;

/** What the sample prints on start: where it listens and what to call. */
final class Instructions {
  private Instructions() {}

  /**
   * @param config the configuration
   * @param baseUrl where the server listens
   * @return the text
   */
  static String text(HelloConfig config, String baseUrl) {
    // the password is printed only when it was generated; a configured one stays in the env
    String u = config.username() + ":"
        + (config.passwordGenerated() ? config.password() : "$BROKER_PASSWORD");
    String v = "-H 'X-Broker-API-Version: 2.17'";
    StringBuilder s = new StringBuilder();
    s.append("hello-broker (hello-kv) listening on ").append(baseUrl).append('\n');
    if (config.passwordGenerated()) {
      s.append("No BROKER_PASSWORD set: generated one for user '").append(config.username())
          .append("' (shown once, below).\n");
    }
    s.append("Try:\n");
    s.append("  curl -u \"").append(u).append("\" ").append(v).append(' ').append(baseUrl)
        .append("/v2/catalog\n");
    s.append("  curl -u \"").append(u).append("\" ").append(v)
        .append(" -H 'Content-Type: application/json' -X PUT ").append(baseUrl)
        .append("/v2/service_instances/i1 -d '{\"service_id\":\"").append(HelloCatalog.SERVICE_ID)
        .append("\",\"plan_id\":\"").append(HelloCatalog.SYNC_PLAN_ID)
        .append("\",\"context\":{\"platform\":\"ibmcloud\"}}'\n");
    s.append("  curl -u \"").append(u).append("\" ").append(v)
        .append(" -H 'Content-Type: application/json' -X PUT ").append(baseUrl)
        .append("/v2/service_instances/i1/service_bindings/b1 -d '{\"service_id\":\"")
        .append(HelloCatalog.SERVICE_ID).append("\",\"plan_id\":\"")
        .append(HelloCatalog.SYNC_PLAN_ID).append("\"}'\n");
    s.append("Then use the binding's url/username/password: curl -u USER:PASS -X PUT")
        .append(" --data-binary hello <url>/greeting\n");
    s.append("Walkthrough: README.md, section 'Try the sample with curl'.");
    return s.toString();
  }
}
