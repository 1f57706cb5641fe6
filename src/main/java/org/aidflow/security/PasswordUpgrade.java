package org.aidflow.security;

import org.aidflow.shared.SystemContext;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.IdentityServiceImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Replaces a password hash of an earlier release ({@code {SHA-512}}, fast to guess) by the PBKDF2 hash, at the
 * first login that proves the password. The password is kept as it is, so the policy does not apply here.
 */
@Component
public class PasswordUpgrade {

  private static final Logger LOG = LoggerFactory.getLogger(PasswordUpgrade.class);

  private final IdentityService identityService;

  public PasswordUpgrade(IdentityService identityService) {
    this.identityService = identityService;
  }

  /** Call only after the engine confirmed this password for this user. */
  public void afterSuccessfulLogin(String userId, String password) {
    try {
      SystemContext.call(identityService, () -> {
        User user = identityService.createUserQuery().userId(userId).singleResult();
        if (user instanceof UserEntity entity && !Pbkdf2PasswordEncryptor.isOurs(entity.getPassword())) {
          entity.setPassword(password);
          saveKeepingPassword(identityService, entity);
          LOG.info("password hash of user {} replaced by {}", LoginThrottle.printable(userId),
              Pbkdf2PasswordEncryptor.ALGORITHM);
        }
        return null;
      });
    } catch (RuntimeException e) {
      // the login succeeded; the old hash still works and is replaced next time
      LOG.warn("could not replace the password hash of user {}: {}", LoginThrottle.printable(userId), e.toString());
    }
  }

  /**
   * Saves a user whose password the application sets itself (the demo users, a re-hash), past the password
   * policy that applies to passwords people choose in Admin and over REST.
   */
  public static void saveKeepingPassword(IdentityService identityService, User user) {
    if (!(identityService instanceof IdentityServiceImpl engine)) {
      throw new IllegalStateException("expected Camunda's IdentityServiceImpl, got " + identityService.getClass());
    }
    engine.saveUser(user, true);
  }
}
