package io.github.osbsdk.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.osbsdk.broker.api.AuthenticatedCaller;
import io.github.osbsdk.broker.iam.IamAuthenticator;
import io.github.osbsdk.broker.iam.IamConfig;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.text.ParseException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * IAM token verification: {@link IamAuthenticator} (cold: verified-token cache off, so every
 * call parses, selects the key by {@code kid} from the cached JWK set, verifies RS256 and checks
 * the claims and allow-list; cached: the same token again) against Nimbus's bare
 * {@link RSASSAVerifier} on the same token (parse + verify, and parse + verify + read claims).
 * Keys come from an in-process IAM simulator, fetched once in set-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TokenVerificationBenchmark {
  private static final String CALLER = "crn-crn:v1:bluemix:public:bench::a/acct::";

  private IamSimulator iam;
  private String token;
  private String header;
  private RSASSAVerifier bare;
  private IamAuthenticator cold;
  private IamAuthenticator cached;

  /** Starts the simulator, issues a token, warms the key caches. */
  @Setup(Level.Trial)
  public void setUp() throws JOSEException {
    iam = IamSimulator.start();
    token = iam.token().iamId(CALLER).accountId("acct").scope("ibm openid")
        .expiresIn(Duration.ofHours(1)).sign();
    header = "Bearer " + token;
    bare = new RSASSAVerifier(iam.currentKey().toRSAPublicKey());
    IamConfig config = IamConfig.builder().iamUrl(iam.baseUrl()).build();
    cold = IamAuthenticator.builder(config).allowedIdentities(Set.of(CALLER))
        .verifiedTokenCache(0, Duration.ofMinutes(5)).build();
    cached = IamAuthenticator.builder(config).allowedIdentities(Set.of(CALLER)).build();
    cold.authenticate(header);
    cached.authenticate(header);
  }

  /** Stops the simulator. */
  @TearDown(Level.Trial)
  public void tearDown() {
    iam.close();
  }

  /**
   * @return the verification result
   * @throws Exception never
   */
  @Benchmark
  public boolean bareParseAndVerify() throws ParseException, JOSEException {
    return SignedJWT.parse(token).verify(bare);
  }

  /**
   * @return the claims
   * @throws Exception never
   */
  @Benchmark
  public JWTClaimsSet bareParseVerifyAndReadClaims() throws ParseException, JOSEException {
    SignedJWT jwt = SignedJWT.parse(token);
    if (!jwt.verify(bare)) {
      throw new IllegalStateException("bad signature");
    }
    return jwt.getJWTClaimsSet();
  }

  /** @return the caller */
  @Benchmark
  public AuthenticatedCaller iamAuthenticatorCold() {
    return cold.authenticate(header);
  }

  /** @return the caller */
  @Benchmark
  public AuthenticatedCaller iamAuthenticatorCached() {
    return cached.authenticate(header);
  }
}
