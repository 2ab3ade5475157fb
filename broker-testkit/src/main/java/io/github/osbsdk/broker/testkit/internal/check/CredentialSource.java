package io.github.osbsdk.broker.testkit.internal.check;

/**
 * Whether a service generates credentials, which the catalog does not say: a service without
 * them answers binds and fetches without {@code credentials}, and the spec demands them only "if
 * the Service Broker supports generation of credentials".
 */
final class CredentialSource {
  private CredentialSource() {}

  /**
   * Binds an instance of another bindable plan of {@code p}'s service that is not declared
   * async-only and tells whether that synchronous bind returned credentials.
   *
   * @param ctx the check's context (its cleanup unbinds and deprovisions what this creates)
   * @param view the catalog
   * @param p the plan whose service is asked about
   * @return true when a synchronous bind of the service returned credentials; false when it
   *     returned none, or no plan of the service binds synchronously (nothing can be concluded)
   */
  static boolean generatesCredentials(CheckContext ctx, CatalogView view, PlanRef p) {
    for (PlanRef other : p.otherPlans()) {
      if (!view.bindable(other) || ctx.caps().asyncOnlyPlans().contains(other.planId())) {
        continue;
      }
      Bound b;
      try {
        b = ctx.bind(ctx.provision(other));
      } catch (CheckFailure e) {
        continue; // the rules of that plan report it
      }
      if (!b.async()) {
        return BindingChecks.credentials(b.first()) != null;
      }
    }
    return false;
  }
}
