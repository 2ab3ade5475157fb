package io.github.osbsdk.samples.hello;

/** What the sample prints on start: where it listens and what to call. */
public final class Instructions {
  private Instructions() {}

  /**
    * The text printed at start: where the broker listens and how to call it.
    *
   * @param config the configuration
   * @param baseUrl where the server listens
   * @return the text
   */
  public static String text(HelloConfig config, String baseUrl) {
    if ("iam".equals(config.auth())) {
      return iamText(config, baseUrl);
    }
    String u = curlUser(config);
    String v = "-H 'X-Broker-API-Version: 2.17'";
    StringBuilder s = new StringBuilder();
    s.append("hello-broker (hello-kv) listening on ").append(baseUrl).append('\n');
    if (config.passwordGenerated()) {
      s.append("No BROKER_PASSWORD set: generated one for user '").append(config.username())
          .append("' (shown once, below).\n");
    }
    s.append("Try:").append(config.passwordGenerated() ? "" : " (" + PASSWORD_PROMPT + ")")
        .append('\n');
    s.append("  curl ").append(u).append(' ').append(v).append(' ').append(baseUrl)
        .append("/v2/catalog\n");
    s.append("  curl ").append(u).append(' ').append(v)
        .append(" -H 'Content-Type: application/json' -X PUT ").append(baseUrl)
        .append("/v2/service_instances/i1 -d '{\"service_id\":\"").append(HelloCatalog.SERVICE_ID)
        .append("\",\"plan_id\":\"").append(HelloCatalog.SYNC_PLAN_ID)
        .append("\",\"context\":{\"platform\":\"ibmcloud\"}}'\n");
    s.append("  curl ").append(u).append(' ').append(v)
        .append(" -H 'Content-Type: application/json' -X PUT ").append(baseUrl)
        .append("/v2/service_instances/i1/service_bindings/b1 -d '{\"service_id\":\"")
        .append(HelloCatalog.SERVICE_ID).append("\",\"plan_id\":\"")
        .append(HelloCatalog.SYNC_PLAN_ID).append("\"}'\n");
    s.append("Then use the binding's url/username/password: curl -u USER:PASS -X PUT")
        .append(" --data-binary hello <url>/greeting\n");
    s.append("Walkthrough: README.md, section 'Try the sample with curl'.");
    return s.toString();
  }

  /** What the curl lines of a configured password say. */
  static final String PASSWORD_PROMPT = "curl asks for the password: the BROKER_PASSWORD the"
      + " broker was started with";

  /**
   * The {@code -u} option of a curl line, quoted for a POSIX shell. With a generated password,
   * user and password (it is printed once, as README.md says, or nobody could call the broker);
   * with a configured one, the user alone, so that curl asks for the password: it is in the
   * broker's environment, which need not be the shell of whoever reads the line, and a secret
   * someone chose is never printed.
   *
   * @param config the configuration
   * @return {@code -u 'user:password'} or {@code -u 'user'}
   */
  static String curlUser(HelloConfig config) {
    String user = config.passwordGenerated() ? config.username() + ":" + config.password()
        : config.username();
    return "-u '" + user.replace("'", "'\\''") + "'";
  }

  private static String iamText(HelloConfig config, String baseUrl) {
    HelloIam iam = HelloIam.forSettings(config.iam());
    String token = iam.exampleToken();
    String v = "-H 'X-Broker-API-Version: 2.17' -H \"Authorization: Bearer $TOKEN\"";
    StringBuilder s = new StringBuilder();
    s.append("hello-broker (hello-kv) listening on ").append(baseUrl)
        .append(" with IAM bearer authentication\n");
    if (iam.embedded()) {
      s.append("IAM_URL is unset: embedded IAM simulator at ").append(iam.iamUrl())
          .append(" (set IAM_URL=https://iam.cloud.ibm.com for the real one).\n");
      s.append("A platform token (").append(HelloIam.DEMO_PLATFORM_ID)
          .append(", valid 1 hour):\n");
      s.append("  TOKEN='").append(token).append("'\n");
      s.append("A new token once it expires, with the platform's API key (printed only here):\n");
      s.append("  PLATFORM_API_KEY='").append(iam.platformApiKey()).append("'\n");
    } else {
      s.append("IAM at ").append(iam.iamUrl()).append("; get a token for an allowed identity:\n");
      // the token line below reads $PLATFORM_API_KEY, which only the simulator's lines define
      s.append("  set PLATFORM_API_KEY to an API key of one of BROKER_ALLOWED_IDENTITIES (")
          .append(String.join(", ", config.iam().allowedIdentities()))
          .append("), e.g. a service ID's key from 'ibmcloud iam service-api-key-create'\n");
    }
    s.append("  TOKEN=$(curl -s -X POST ").append(iam.iamUrl())
        .append("/identity/token -d grant_type=urn:ibm:params:oauth:grant-type:apikey")
        .append(" -d apikey=$PLATFORM_API_KEY")
        .append(" | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')\n");
    s.append("Try:\n");
    s.append("  curl ").append(v).append(' ').append(baseUrl).append("/v2/catalog\n");
    s.append("  curl ").append(v).append(" -H 'Content-Type: application/json' -X PUT ")
        .append(baseUrl).append("/v2/service_instances/i1 -d '{\"service_id\":\"")
        .append(HelloCatalog.SERVICE_ID).append("\",\"plan_id\":\"")
        .append(HelloCatalog.SYNC_PLAN_ID).append("\",\"context\":{\"platform\":\"ibmcloud\"}}'\n");
    if (HelloBroker.ssoEnabled(config)) {
      s.append("Then open the dashboard in a browser (IAM single sign-on")
          .append(iam.embedded() ? ", signs you in as " + HelloIam.DEMO_USER_ID : "")
          .append("):\n  ").append(baseUrl).append("/dashboard/i1\n");
    } else {
      s.append(HelloBroker.ssoNote(config)).append(".\n");
    }
    s.append("BROKER_AUTH=basic switches to basic auth. Details: README.md, section")
        .append(" 'IAM: bearer tokens, dashboard SSO and real IBM Cloud'.");
    return s.toString();
  }
}
