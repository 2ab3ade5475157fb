package io.github.osbsdk.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.github.osbsdk.broker.iam.IamAuthenticator;
import io.github.osbsdk.broker.iam.IamConfig;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.text.ParseException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * A load-tolerant cross-check of {@link TokenVerificationBenchmark} for shared machines: runs the
 * same four paths in alternating small batches on one thread and compares the thread's CPU time
 * per operation (time spent descheduled by other processes does not count), after a warm-up.
 * Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.osbsdk.benchmarks.TokenVerificationCpuTime [rounds]}
 */
public final class TokenVerificationCpuTime {
  private static final String CALLER = "crn-crn:v1:bluemix:public:bench::a/acct::";
  private static final int BATCH = 200;
  private static volatile Object sink;

  private TokenVerificationCpuTime() {
  }

  /**
   * @param args optional number of measured rounds (default 40)
   * @throws Exception on set-up failure
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    try (IamSimulator iam = IamSimulator.start()) {
      String token = iam.token().iamId(CALLER).accountId("acct").scope("ibm openid")
          .expiresIn(Duration.ofHours(1)).sign();
      String header = "Bearer " + token;
      RSASSAVerifier bare = new RSASSAVerifier(iam.currentKey().toRSAPublicKey());
      IamConfig config = IamConfig.builder().iamUrl(iam.baseUrl()).build();
      IamAuthenticator cold = IamAuthenticator.builder(config).allowedIdentities(Set.of(CALLER))
          .verifiedTokenCache(0, Duration.ofMinutes(5)).build();
      IamAuthenticator cached = IamAuthenticator.builder(config)
          .allowedIdentities(Set.of(CALLER)).build();
      Runnable[] paths = {
        () -> sink = bareVerify(token, bare),
        () -> sink = bareVerifyClaims(token, bare),
        () -> sink = cold.authenticate(header),
        () -> sink = cached.authenticate(header)
      };
      String[] names = {"bareParseAndVerify", "bareParseVerifyAndReadClaims",
          "iamAuthenticatorCold", "iamAuthenticatorCached"};
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      long[] cpu = new long[paths.length];
      for (int round = -rounds / 2; round < rounds; round++) { // negative rounds: warm-up
        for (int p = 0; p < paths.length; p++) {
          long start = mx.getCurrentThreadCpuTime();
          for (int i = 0; i < BATCH; i++) {
            paths[p].run();
          }
          if (round >= 0) {
            cpu[p] += mx.getCurrentThreadCpuTime() - start;
          }
        }
      }
      double ops = (double) rounds * BATCH;
      double bareUs = cpu[0] / ops / 1000;
      for (int p = 0; p < paths.length; p++) {
        double us = cpu[p] / ops / 1000;
        System.out.printf(Locale.ROOT, "%-30s %9.2f us/op CPU  %8.2f x bareParseAndVerify%n",
            names[p], us, bareUs / us);
      }
    }
  }

  private static boolean bareVerify(String token, RSASSAVerifier v) {
    try {
      return SignedJWT.parse(token).verify(v);
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object bareVerifyClaims(String token, RSASSAVerifier v) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!jwt.verify(v)) {
        throw new IllegalStateException("bad signature");
      }
      return jwt.getJWTClaimsSet();
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
