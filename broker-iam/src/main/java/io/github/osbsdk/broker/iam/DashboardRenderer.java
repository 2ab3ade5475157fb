package io.github.osbsdk.broker.iam;

/**
 * The provider's dashboard: renders the page a signed-in, authorized user sees for one service
 * instance. Called only after IAM permitted {@code <service>.dashboard.view} on the instance.
 */
@FunctionalInterface
public interface DashboardRenderer {
  /**
   * Writes the dashboard page of an instance for a user whom IAM has signed in and allowed to view
   * it.
   *
   * @param instanceId the service instance id (the instance CRN on IBM Cloud), decoded
   * @param user the signed-in user
   * @return a complete HTML document; escape every value you put in it
   */
  String render(String instanceId, DashboardUser user);
}
