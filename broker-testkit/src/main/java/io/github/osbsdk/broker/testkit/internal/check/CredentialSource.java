package io.github.osbsdk.broker.testkit.internal.check;

import java.util.Optional;

/**
 * Whether a service generates credentials, which the catalog does not say: a service without
 * them answers binds and fetches without {@code credentials}, and the spec demands them only "if
 * the Service Broker supports generation of credentials". Declared by {@code
 * Capabilities.bindingCredentials}, else inferred from a synchronous bind.
 */
final class CredentialSource {
  private CredentialSource() {}

  /**
   * As declared; when nothing is declared, binds an instance of another bindable plan of {@code
   * p}'s service that is not declared async-only and looks at whether that synchronous bind
   * returned credentials.
   *
   * @param ctx the check's context (its cleanup unbinds and deprovisions what this creates)
   * @param view the catalog
   * @param p the plan whose service is asked about
   * @return why the service generates credentials, to end a failure message ("the broker is
   *     declared to...", "a synchronous bind of ... returns credentials"); empty when it is
   *     declared not to, or nothing is declared and a synchronous bind returned none or no plan
   *     of the service binds synchronously (nothing can be concluded)
   */
  static Optional<String> generatesCredentials(CheckContext ctx, CatalogView view, PlanRef p) {
    Optional<Boolean> declared = ctx.caps().bindingCredentials();
    if (declared.isPresent()) {
      return declared.get()
          ? Optional.of("the broker is declared to generate binding credentials ("
              + ctx.settings().front().setting("Capabilities.bindingCredentials",
                  "--binding-credentials") + ")")
          : Optional.empty();
    }
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
        return BindingChecks.credentials(b.first()) == null ? Optional.empty()
            : Optional.of("a synchronous bind of " + p.service().name() + " returns credentials");
      }
    }
    return Optional.empty();
  }
}
