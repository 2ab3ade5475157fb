package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.iam.AuthzClient;
import io.github.osbsdk.broker.iam.DashboardRenderer;
import io.github.osbsdk.broker.iam.DashboardSso;
import io.github.osbsdk.broker.iam.IamAuthenticator;
import io.github.osbsdk.broker.iam.IamConfig;
import io.github.osbsdk.broker.iam.ServiceIdTokenProvider;
import java.net.URI;
import java.util.Set;

/** The README's IAM snippet, compiled (region {@code iam}). */
final class IamQuickStart {
  private IamQuickStart() {}

  static Broker broker(ServiceBroker myBroker, String brokerApiKey, String ssoClientId,
      String ssoClientSecret, DashboardRenderer myDashboard) {
    // tag::iam[]
    IamConfig iam = IamConfig.builder().iamUrl(URI.create("https://iam.cloud.ibm.com")).build();
    IamAuthenticator auth = IamAuthenticator.builder(iam)
        .allowedIdentities(Set.of("crn-crn:v1:bluemix:public:my-service::a/<account>::"))
        .build();
    ServiceIdTokenProvider tokens = ServiceIdTokenProvider.builder(iam, brokerApiKey).build();
    DashboardSso sso = DashboardSso.builder(iam)
        .clientId(ssoClientId).clientSecret(ssoClientSecret)
        .redirectUri(URI.create("https://broker.example.com/dashboard/callback"))
        .serviceName("my-service") // users need my-service.dashboard.view on the instance
        .authz(AuthzClient.builder(iam, tokens).build())
        .verifier(auth) // same key cache; the allow-list is not applied to dashboard users
        .dashboard(myDashboard) // a DashboardRenderer: (instanceId, user) -> HTML page
        .build();
    Broker broker = Broker.builder(myBroker).authenticator(auth).register(sso.resource()).build();
    // end::iam[]
    return broker;
  }
}
