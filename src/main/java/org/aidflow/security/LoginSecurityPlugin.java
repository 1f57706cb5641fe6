package org.aidflow.security;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The engine's side of logins:
 * <ul>
 *   <li>passwords are hashed with PBKDF2 ({@link Pbkdf2PasswordEncryptor}); hashes of earlier releases
 *       ({@code {SHA-512}}) still verify and are replaced at the user's next login ({@link PasswordUpgrade});</li>
 *   <li>Camunda's password policy is on for every password set through the REST API or Admin;</li>
 *   <li>Camunda's own lock-out per user is off: it counts failures per user whatever the caller, so anybody could
 *       keep {@code admin} out for a while with one wrong password and for good with ten. {@link LoginThrottle}
 *       slows failures per client address and user instead. With a delay of 0 s and no maximum, a failed check
 *       still counts in the user's row but never locks it.</li>
 * </ul>
 */
@Component
public class LoginSecurityPlugin extends AbstractProcessEnginePlugin {

  private final int iterations;

  public LoginSecurityPlugin(@Value("${aidflow.login.hash-iterations:" + Pbkdf2PasswordEncryptor.DEFAULT_ITERATIONS
      + "}") int iterations) {
    this.iterations = iterations;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setPasswordEncryptor(new Pbkdf2PasswordEncryptor(iterations));
    // Camunda's PasswordManager always keeps its SHA and SHA-512 checkers beside the default encryptor
    configuration.setEnablePasswordPolicy(true);
    configuration.setLoginMaxAttempts(Integer.MAX_VALUE);
    configuration.setLoginDelayBase(0);
    configuration.setLoginDelayMaxTime(0);
  }
}
