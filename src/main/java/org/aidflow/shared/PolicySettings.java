package org.aidflow.shared;

import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The policy numbers of docs/policy.md that operators change without a rebuild ({@code aidflow.policy.*} in
 * application.yml or the environment). Named {@code policySettings} so that models can read it, e.g.
 * {@code ${policySettings.maxReassessments}} on the follow-up gateway (its getters; the model guard refuses setters).
 */
@ModelFunctions
@Component("policySettings")
@ConfigurationProperties("aidflow.policy")
public class PolicySettings {

  /**
   * Minimum living standard (CNY per person and month) for a region that table {@code low_line} does not cover
   * (another province); Zhejiang's lines are data, kept through /api/low-lines (LowLines).
   */
  private BigDecimal defaultLowLine = new BigDecimal("1200");
  /** From the end of the referrals to the first follow-up. */
  private Duration firstFollowUp = Duration.ofDays(30);
  /** To the second follow-up after an IMPROVED outcome. */
  private Duration secondFollowUp = Duration.ofDays(90);
  /** How often a case that did not improve goes back to verification before a supervisor decides. */
  private int maxReassessments = 3;

  /** Failed follow-up contacts in a round before the case closes LOST_CONTACT, and the wait between them. */
  private int maxContactAttempts = 3;
  private Duration contactRetry = Duration.ofDays(3);

  public int getMaxContactAttempts() {
    return maxContactAttempts;
  }

  public void setMaxContactAttempts(int maxContactAttempts) {
    this.maxContactAttempts = maxContactAttempts;
  }

  public Duration getContactRetry() {
    return contactRetry;
  }

  public void setContactRetry(Duration contactRetry) {
    this.contactRetry = contactRetry;
  }

  public Duration followUpDelay(int round) {
    return round <= 1 ? firstFollowUp : secondFollowUp;
  }

  public BigDecimal getDefaultLowLine() {
    return defaultLowLine;
  }

  public void setDefaultLowLine(BigDecimal defaultLowLine) {
    this.defaultLowLine = defaultLowLine;
  }

  public Duration getFirstFollowUp() {
    return firstFollowUp;
  }

  public void setFirstFollowUp(Duration firstFollowUp) {
    this.firstFollowUp = firstFollowUp;
  }

  public Duration getSecondFollowUp() {
    return secondFollowUp;
  }

  public void setSecondFollowUp(Duration secondFollowUp) {
    this.secondFollowUp = secondFollowUp;
  }

  public int getMaxReassessments() {
    return maxReassessments;
  }

  public void setMaxReassessments(int maxReassessments) {
    this.maxReassessments = maxReassessments;
  }

  /** 动态管理: months from a hardship household's last verification to its annual review. */
  private int annualReviewMonths = 12;

  public int getAnnualReviewMonths() {
    return annualReviewMonths;
  }

  public void setAnnualReviewMonths(int annualReviewMonths) {
    this.annualReviewMonths = annualReviewMonths;
  }

  /**
   * No person gets the same cash aid type twice within this window, from any organisation (金秋助学: once a school
   * year); the verifier sees all aid of the window.
   */
  private Duration doubleAidWindow = Duration.ofDays(365);
  /**
   * The aid types (referral services) the double-aid rule applies to: cash aid. Legal aid and rights protection
   * (labour-legal-aid, rights-protection) and services in kind are never blocked by it.
   */
  private java.util.Set<String> cashAidTypes = new java.util.LinkedHashSet<>(java.util.List.of("hardship-grant",
      "education-aid", "major-illness-aid", "emergency-relief"));

  public Duration getDoubleAidWindow() {
    return doubleAidWindow;
  }

  public void setDoubleAidWindow(Duration doubleAidWindow) {
    this.doubleAidWindow = doubleAidWindow;
  }

  public java.util.Set<String> getCashAidTypes() {
    return cashAidTypes;
  }

  public void setCashAidTypes(java.util.Set<String> cashAidTypes) {
    this.cashAidTypes = cashAidTypes;
  }
}
