package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.ReencryptionReport;
import io.github.osbsdk.broker.core.internal.metrics.MetricsFilter;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import jakarta.ws.rs.core.Application;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * What a built {@code Broker} runs with, wired once from its {@link BrokerSettings}: the shared
 * mapper, the validated catalog, the operation runner on its executor, and the JAX-RS resources,
 * filters and providers.
 */
public final class BrokerRuntime implements AutoCloseable {
  private final ServiceBroker serviceBroker;
  private final Set<Object> singletons;
  private final Application application;
  private final ExecutorService ownedExecutor;
  private final OperationRunner runner;
  private final ObjectMapper mapper;
  private final CredentialCipher cipher;

  /**
   * Validates the catalog, starts the operation runner and creates the components.
   *
   * @param config the builder's settings
   * @throws io.github.osbsdk.broker.core.catalog.InvalidCatalogException when the catalog has
   *     errors
   * @throws IllegalStateException when the credential keys do not open the binding credentials
   *     the store holds ({@link CredentialKeyCheck})
   */
  public BrokerRuntime(BrokerSettings config) {
    this.serviceBroker = config.serviceBroker();
    this.mapper = JacksonConfiguration.newMapper();
    BrokerStore store = config.store() != null ? config.store() : new InMemoryBrokerStore();
    Catalogs catalogs = new Catalogs(config.serviceBroker(), mapper);
    this.cipher = BrokerServices.cipher(config.credentialKey(), config.previousCredentialKeys());
    CredentialKeyCheck keyCheck = CredentialKeyCheck.atStart(store, cipher);
    this.ownedExecutor = config.executor() == null
        ? DefaultOperationExecutor.boundedDaemonPool() : null;
    ExecutorService executor = config.executor() != null ? config.executor() : ownedExecutor;
    RequestLogLimits logLimits = RequestLogLimits.on(config.clock());
    ProviderAnswers answers = new ProviderAnswers(logLimits.errors(),
        config.maxAnswerBytes());
    this.runner = new OperationRunner(store, config.clock(), config.replicaId(),
        config.lease(), config.operationRetention(), executor, config.steps(), mapper,
        config.metrics(), config.operationTimeout(),
        new BoundBindings(catalogs, mapper, cipher, answers));
    ErrorResponses errors = new ErrorResponses(mapper);
    long retryAfter = Math.max(0, config.retryAfter().toSeconds());
    BrokerServices services = new BrokerServices(config.serviceBroker(), mapper,
        BrokerServices.fingerprints(mapper), catalogs,
        new RequestBodyParser(mapper, config.maxRequestBytes()), new JsonFields(mapper), runner,
        cipher, keyCheck, errors, logLimits, answers,
        config.strictVersionGating(),
        retryAfter == 0 ? null : (int) Math.min(retryAfter, Integer.MAX_VALUE),
        config.repeatWait().toMillis());
    Set<Object> all = new LinkedHashSet<>();
    if (config.metrics().enabled()) {
      all.add(new MetricsFilter(config.metrics()));
    }
    all.add(new JsonProvider(mapper, config.maxRequestBytes()));
    all.add(new RequestBodyReader(services.bodies()));
    all.add(new BrokerExceptionMapper(errors, logLimits.errors()));
    all.add(new RequestIdFilter(errors));
    all.add(new AuthenticationFilter(config.authenticator(), errors, logLimits));
    all.add(new MatrixParameterFilter(errors));
    all.add(new QueryParameterFilter(errors));
    all.add(new AcceptHeaderFilter(errors));
    all.add(new ApiVersionFilter(config.minimumApiVersion(), config.missingVersionStatus(),
        errors));
    all.add(new OriginatingIdentityFilter(mapper, errors));
    all.add(new CatalogResource(services));
    all.add(new InstanceResource(services));
    all.add(new BindingResource(services));
    all.add(new InstanceStateResource(services));
    all.addAll(config.components());
    this.singletons = Collections.unmodifiableSet(all);
    this.application = new BrokerApplication(singletons);
  }

  /**
   * The JAX-RS application.
   *
   * @return every resource and provider as singletons
   */
  public Application application() {
    return application;
  }

  /**
   * The resource and provider instances.
   *
   * @return them, unmodifiable
   */
  public Set<Object> singletons() {
    return singletons;
  }

  /**
   * The provider's implementation.
   *
   * @return the provider's broker
   */
  public ServiceBroker serviceBroker() {
    return serviceBroker;
  }

  /**
   * The operation runner, with the store and this replica's id.
   *
   * @return the runner
   */
  public OperationRunner runner() {
    return runner;
  }

  /**
   * The shared mapper.
   *
   * @return the mapper
   */
  public ObjectMapper objectMapper() {
    return mapper;
  }

  /**
   * Rewrites the stored credentials under the current key.
   *
   * @return what was rewritten
   * @throws IllegalStateException when credentials are not stored (no key configured)
   */
  public ReencryptionReport reencryptCredentials() {
    if (cipher == null) {
      throw new IllegalStateException("binding credentials are not stored: no credential key is"
          + " configured (Builder.storeCredentials)");
    }
    return CredentialReencryption.run(runner.store(), cipher);
  }

  /**
   * Closes the operation runner gracefully ({@link OperationRunner#close(ExecutorService)}),
   * with the executor the broker created itself, if any, which it shuts down.
   */
  @Override
  public void close() {
    runner.close(ownedExecutor);
  }
}
