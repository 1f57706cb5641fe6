package org.aidflow.support;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.aidflow.assistance.CheckDoubleAidDelegate;
import org.aidflow.assistance.DisburseFundsDelegate;
import org.aidflow.assistance.FundLedger;
import org.aidflow.assistance.RecordDeliveryDelegate;
import org.aidflow.assistance.RecordRightsOutcomeDelegate;
import org.aidflow.assistance.ReserveFundsDelegate;
import org.aidflow.followup.CloseCaseDelegate;
import org.aidflow.followup.ScheduleFollowUpDelegate;
import org.aidflow.followup.StartReassessmentDelegate;
import org.aidflow.intake.CheckDuplicateDelegate;
import org.aidflow.intake.IntakeValidator;
import org.aidflow.intake.LaterContacts;
import org.aidflow.intake.RecordContactOnOpenCaseDelegate;
import org.aidflow.intake.RegisterCaseDelegate;
import org.aidflow.intake.ValidateApplicantDelegate;
import org.aidflow.referral.PlanReferralsDelegate;
import org.aidflow.referral.RecordAcceptanceDelegate;
import org.aidflow.referral.RecordDeclineDelegate;
import org.aidflow.referral.ReferralPlanner;
import org.aidflow.referral.ReferralSummaries;
import org.aidflow.referral.RegisterReferralDelegate;
import org.aidflow.referral.SummarizeReferralsDelegate;
import org.aidflow.security.PersonalDataHistoryPlugin;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.organisation.CaseAccess;
import org.aidflow.shared.CaseFacts;
import org.aidflow.shared.CaseRegistry;
import org.aidflow.organisation.CaseTeams;
import org.aidflow.shared.PersonalData;
import org.aidflow.shared.PolicySettings;
import org.aidflow.shared.PrivacySettings;
import org.aidflow.shared.ReferralRegistry;
import org.aidflow.verification.CheckCorrectionsListener;
import org.aidflow.verification.LookUpLowLineDelegate;
import org.aidflow.verification.LookUpPriorAidDelegate;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.community.process_test_coverage.engine.platform7.ProcessCoverageConfigurator;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.camunda.spin.plugin.impl.SpinProcessEnginePlugin;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.beans.factory.annotation.AnnotatedGenericBeanDefinition;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A fast in-memory engine for process tests, wired with the real delegates and services over an H2 database
 * that carries AidFlow's Flyway schema (no mocks). One per test class, each with its own database.
 */
public final class ProcessTestEngine {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  /** Base64 of 32 bytes, for process tests only. */
  public static final String TEST_ENCRYPTION_KEY = "cHJvY2Vzcy10ZXN0LWVuY3J5cHRpb24ta2V5LTMyYiE=";

  private final StandaloneInMemProcessEngineConfiguration configuration;
  private final CaseRegistry cases;
  private final ReferralRegistry referrals;
  private final CaseFacts facts;
  private final org.aidflow.organisation.OrganisationUnits units;
  private final CaseAccess access;
  private final PolicySettings policy = new PolicySettings();
  private final JdbcTemplate jdbc;
  private final StatementsRead statementsRead = new StatementsRead();
  private org.aidflow.assistance.RightsSteps rightsSteps;
  private final PersonalData personalData;
  private final FundLedger ledger;
  private final org.aidflow.notification.Notifications notifications;
  private final org.aidflow.servicelevel.Escalations escalations;
  private final org.aidflow.servicelevel.ServiceLevels serviceLevels;
  private final Map<Object, Object> beans = new HashMap<>();
  /** What the forms show when opened, as the application's views (formService().getTaskFormVariables). */
  private final List<org.aidflow.shared.TaskFormView> views = new java.util.ArrayList<>();
  private org.aidflow.organisation.Providers providers;
  private org.aidflow.serviceorder.ServiceOrders serviceOrders;
  private final org.aidflow.project.Projects projects;

  private final boolean recordsCoverage;

  public ProcessTestEngine() {
    this(true);
  }

  /**
   * An engine that records no flow-node coverage, for tests that deploy other versions of the models (a previous
   * release): coverage is counted per process key and element id, so nodes reached on an old version would count as
   * covering the current models. Use with {@link #extensionWithoutCoverage()}.
   */
  public static ProcessTestEngine withoutCoverage() {
    return new ProcessTestEngine(false);
  }

  private ProcessTestEngine(boolean recordsCoverage) {
    this.recordsCoverage = recordsCoverage;
    String name = "aidflow-process-test-" + COUNTER.incrementAndGet();
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    dataSource.setUser("sa");
    Flyway.configure().dataSource(dataSource).table("aidflow_schema_history").load().migrate();

    jdbc = new JdbcTemplate(dataSource);
    Clock clock = Clock.system(AidFlowConfiguration.ZONE);
    cases = new CaseRegistry(jdbc, clock);
    referrals = new ReferralRegistry(jdbc, clock);
    personalData = new PersonalData(new PrivacySettings("process-test-hash-key-0123456789", TEST_ENCRYPTION_KEY));
    providers = new org.aidflow.organisation.Providers(jdbc);
    serviceOrders = new org.aidflow.serviceorder.ServiceOrders(jdbc, providers, clock);
    facts = new CaseFacts(cases, referrals);
    units = new org.aidflow.organisation.OrganisationUnits(jdbc, clock);
    ReferralSummaries summaries = new ReferralSummaries(referrals, serviceOrders, units);
    access = new CaseAccess(units);
    ledger = new FundLedger(jdbc, clock);
    projects = new org.aidflow.project.Projects(jdbc, units, clock);
    org.aidflow.assistance.ReferralPlans plans = new org.aidflow.assistance.ReferralPlans(facts, referrals);
    int year = java.time.LocalDate.now(clock).getYear();
    for (String org : org.aidflow.shared.Organisation.codes()) {
      ledger.openFund(org + "-aid", year, org, org + " test fund", new java.math.BigDecimal("1000000"));
    }

    escalations = new org.aidflow.servicelevel.Escalations(jdbc, clock);
    notifications = new org.aidflow.notification.Notifications(jdbc, clock);
    serviceLevels = new org.aidflow.servicelevel.ServiceLevels(new org.aidflow.servicelevel.BusinessCalendar(jdbc, clock),
        facts);
    org.aidflow.intake.NewNeeds newNeeds = new org.aidflow.intake.NewNeeds(cases, referrals, notifications,
        serviceLevels);
    register(policy);
    register(new CaseTeams(facts, units));
    register(new ValidateApplicantDelegate(new IntakeValidator(clock), personalData));
    register(new CheckDuplicateDelegate(cases));
    register(new RecordContactOnOpenCaseDelegate(new LaterContacts(cases, newNeeds)));
    register(new org.aidflow.intake.RecordNewNeedDelegate(newNeeds, facts));
    register(new org.aidflow.referral.PlanNewReferralsDelegate(new ReferralPlanner(), facts, referrals));
    register(new RegisterCaseDelegate(cases, access, units));
    // the low line in force on the engine's date, so that tests move the verification date with ClockUtil
    register(new LookUpLowLineDelegate(new org.aidflow.verification.LowLines(jdbc, new EngineClock(), policy)));
    register(new LookUpPriorAidDelegate(referrals, facts, policy));
    register(new PlanReferralsDelegate(new ReferralPlanner(), facts));
    register(new SummarizeReferralsDelegate(summaries, facts));
    register(new ScheduleFollowUpDelegate(policy));
    register(new StartReassessmentDelegate());
    register(new CloseCaseDelegate(cases, facts, referrals, summaries, ledger,
        new org.aidflow.followup.CaseClosure(cases, escalations, notifications, serviceOrders)));
    register(new RegisterReferralDelegate(referrals, facts, access, units));
    register(new RecordAcceptanceDelegate(referrals));
    register(new RecordDeclineDelegate(referrals));
    register(new ReserveFundsDelegate(ledger, facts, plans));
    rightsSteps = new org.aidflow.assistance.RightsSteps(jdbc, clock);
    register(new RecordRightsOutcomeDelegate(referrals, rightsSteps));
    register(new org.aidflow.assistance.CheckRightsStepListener(referrals, rightsSteps));
    register(new org.aidflow.assistance.RecordDangerReferralDelegate(referrals, rightsSteps));
    register(new CheckDoubleAidDelegate(referrals, policy));
    // the alliance: providers and service orders
    org.aidflow.serviceorder.ServiceOrderRouting routing = new org.aidflow.serviceorder.ServiceOrderRouting(
        serviceOrders, access, units, projects);
    org.aidflow.assistance.TaskPanels panels = new org.aidflow.assistance.TaskPanels(facts, referrals, rightsSteps, policy,
        routing);
    views.add(new org.aidflow.intake.CaseHeaderView());
    views.add(new org.aidflow.assistance.AssistancePanelsView(ledger, facts, plans, clock, panels, units));
    views.add(new org.aidflow.assistance.RightsProgressView(panels));
    views.add(new org.aidflow.referral.ReferralSummaryView(summaries, facts));
    for (String retired : org.aidflow.shared.RetiredFormListeners.NAMES) {
      beans.put(retired, new org.aidflow.shared.RetiredFormListeners.RetiredListener());
    }
    register(new CheckCorrectionsListener());
    register(new DisburseFundsDelegate(ledger, facts));
    // annual review (动态管理); its households follow the engine's clock, so tests move time with ClockUtil
    org.aidflow.followup.HardshipHouseholds households = new org.aidflow.followup.HardshipHouseholds(jdbc,
        new EngineClock(), policy);
    register(new RecordDeliveryDelegate(referrals, cases, ledger, new org.aidflow.followup.HardshipRegistration(households,
        jdbc)));
    register(new org.aidflow.annualreview.SelectHouseholdsDueDelegate(households, cases));
    register(new org.aidflow.annualreview.RecordHouseholdReviewDelegate(households));
    register(serviceLevels);
    register(new org.aidflow.servicelevel.ServiceLevelListener(access, facts));
    register(new org.aidflow.servicelevel.SendReminderDelegate(notifications, facts));
    register(new org.aidflow.servicelevel.RaiseEscalationDelegate(escalations, notifications, serviceLevels, access,
        facts));
    register(new org.aidflow.servicelevel.RecordEscalationHandledDelegate(escalations));
    register(new org.aidflow.servicelevel.RerouteToUnionDelegate(escalations, referrals,
        notifications, access, cases, units));
    register(new org.aidflow.followup.CheckFollowUpListener(
        new org.aidflow.followup.FollowUpScores(jdbc, clock), facts));
    register(new org.aidflow.followup.RecordFailedContactDelegate(policy));
    register(new org.aidflow.assistance.CheckPlanListener(ledger, facts, plans, clock, panels));
    register(new org.aidflow.assistance.CheckApproversListener(facts, referrals));
    register(new org.aidflow.assistance.CheckDeliveryListener(ledger, facts));
    register(new org.aidflow.assistance.SwitchFundsDelegate(plans));
    register(new org.aidflow.referral.RecordCharityReferralDelegate(referrals));
    register(routing);
    register(new org.aidflow.assistance.StartServiceOrdersDelegate(facts, referrals, routing));
    register(new org.aidflow.serviceorder.RouteOrderDelegate(routing));
    register(new org.aidflow.serviceorder.RecordOrderAcceptanceDelegate(serviceOrders));
    register(new org.aidflow.serviceorder.RecordOrderDeclineDelegate(serviceOrders));
    register(new org.aidflow.serviceorder.RecordOrderDeliveryDelegate(serviceOrders));
    register(new org.aidflow.serviceorder.CancelOrderDelegate(serviceOrders));
    register(new org.aidflow.serviceorder.CheckServiceOrderListener(serviceOrders));
    // campaigns in batches (CampaignBatchProcessTest replaces them with a smaller chunk)
    org.aidflow.campaign.CampaignBatches campaignBatches = new org.aidflow.campaign.CampaignBatches(jdbc, projects,
        ledger, clock, 200);
    register(campaignBatches);
    register(new org.aidflow.campaign.CampaignTeams(campaignBatches));
    register(new org.aidflow.campaign.ListHouseholdsDelegate(campaignBatches));
    register(new org.aidflow.campaign.PayHouseholdsDelegate(campaignBatches));
    register(new org.aidflow.campaign.RetryShortPaymentsDelegate(campaignBatches));
    register(new org.aidflow.campaign.CheckBatchDecisionListener(campaignBatches));

    configuration = new StandaloneInMemProcessEngineConfiguration();
    configuration.setProcessEngineName(name);
    configuration.setDataSource(dataSource);
    configuration.setDatabaseSchemaUpdate("true");
    configuration.setJobExecutorActivate(false);
    configuration.setHistory("full");
    configuration.setDefaultSerializationFormat("application/json");
    configuration.setJavaSerializationFormatEnabled(false);
    configuration.setGeneralResourceWhitelistPattern("[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*");
    configuration.setBeans(beans);
    // plugins add their parse listeners to this list (the coverage configurator also creates it)
    configuration.setCustomPostBPMNParseListeners(new java.util.ArrayList<>());
    // the model guard judges every deployment of the process tests as the application's engine does
    configuration.setProcessEnginePlugins(List.of(new SpinProcessEnginePlugin(), new PersonalDataHistoryPlugin(),
        new org.aidflow.security.ModelGuardPlugin(), new org.aidflow.shared.FeelExpressionCachePlugin(),
        new org.aidflow.cockpit.projection.CockpitProjectionPlugin(new org.aidflow.cockpit.projection.CockpitProjections(jdbc,
            new org.aidflow.cockpit.projection.CockpitRollup(jdbc)), facts, cases),
        new org.aidflow.organisation.UnitTaskVisibilityPlugin(access, facts),
        new org.aidflow.shared.TaskFormViewsPlugin(() -> views), new org.aidflow.shared.EndedInstanceBytesPlugin(),
        new org.aidflow.ops.JobLogPlugin(), new org.aidflow.shared.LatestDecisionsPlugin(),
        new org.aidflow.ops.JobIncidentsPlugin(), statementsRead));
    if (recordsCoverage) {
      ProcessCoverageConfigurator.initializeProcessCoverageExtensions(configuration);
    }
  }

  /**
   * Registers a bean the models call under the name Spring gives it in the application: {@code @Component("name")},
   * else the class's simple name decapitalized ({@code closeCaseDelegate}).
   */
  private void register(Object bean) {
    AnnotatedGenericBeanDefinition definition = new AnnotatedGenericBeanDefinition(bean.getClass());
    beans.put(AnnotationBeanNameGenerator.INSTANCE.generateBeanName(definition, new SimpleBeanDefinitionRegistry()),
        bean);
  }

  /** The engine's reads while an action runs, by statement. */
  public java.util.Map<String, Integer> statementsRead(Runnable action) {
    return statementsRead.during(action);
  }

  /** The organisation units of this engine's database. */
  public org.aidflow.organisation.OrganisationUnits units() {
    return units;
  }

  /** The start-up step that moves a previous release's organisation groups onto the province units. */
  public org.aidflow.organisation.UnitGroupMigration unitGroupMigration() {
    return new org.aidflow.organisation.UnitGroupMigration(jdbc,
        new org.springframework.jdbc.datasource.DataSourceTransactionManager(jdbc.getDataSource()), units);
  }

  /** The JUnit extension that builds this engine and records flow-node coverage. */
  public ProcessEngineCoverageExtension extension() {
    return ProcessEngineCoverageExtension.builder(configuration).build();
  }

  /** The JUnit extension that builds an engine made {@link #withoutCoverage()}. */
  public org.camunda.bpm.engine.test.junit5.ProcessEngineExtension extensionWithoutCoverage() {
    if (recordsCoverage) {
      throw new IllegalStateException("this engine records coverage: use extension()");
    }
    return org.camunda.bpm.engine.test.junit5.ProcessEngineExtension.builder()
        .useProcessEngine(configuration.buildProcessEngine()).build();
  }

  public org.aidflow.organisation.Providers providers() {
    return providers;
  }

  public org.aidflow.project.Projects projects() {
    return projects;
  }

  public org.aidflow.serviceorder.ServiceOrders serviceOrders() {
    return serviceOrders;
  }

  public org.aidflow.notification.Notifications notifications() {
    return notifications;
  }

  public org.aidflow.servicelevel.Escalations escalations() {
    return escalations;
  }

  public org.aidflow.servicelevel.ServiceLevels serviceLevels() {
    return serviceLevels;
  }

  public CaseRegistry cases() {
    return cases;
  }

  public CaseFacts facts() {
    return facts;
  }

  public ReferralRegistry referrals() {
    return referrals;
  }

  public org.aidflow.assistance.RightsSteps rightsSteps() {
    return rightsSteps;
  }

  public PolicySettings policy() {
    return policy;
  }

  public JdbcTemplate jdbc() {
    return jdbc;
  }

  public FundLedger ledger() {
    return ledger;
  }

  /** Replaces a bean the models call, e.g. to make a step fail the way a crash would. */
  public void replaceBean(String name, Object bean) {
    beans.put(name, bean);
  }

  public PersonalData personalData() {
    return personalData;
  }

  public DataSource dataSource() {
    return jdbc.getDataSource();
  }
}
