package org.aidflow.shared;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Repository;

/** AidFlow's record of every case: its number, whose it is (as a keyed hash) and whether it is open. */
@Repository
public class CaseRegistry {

  /**
   * The owner of what a transaction remembers of the cases: the class, not an instance, so that {@link
   * #readInstance} can fill it whichever registry asked.
   */
  static final Object MEMO = CaseRegistry.class;

  /**
   * The cases registered in this transaction, with when: kept apart from {@link #MEMO}, which every write forgets,
   * because a case stays registered at that time whatever else the transaction writes.
   */
  private static final Object REGISTERED_NOW = new Object();

  private static final Logger LOG = LoggerFactory.getLogger(CaseRegistry.class);

  public static final String OPEN = "OPEN";
  public static final String CLOSED = "CLOSED";

  /**
   * Every case number AidFlow issues, and only those: QBH, the year, and the count in that year, at least 6 digits
   * (a year's millionth case gets 7; aid_case.case_number holds up to 11).
   */
  public static final String CASE_NUMBER_PATTERN = "QBH-\\d{4}-\\d{6,11}";

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final boolean h2;
  private final Set<Integer> preparedYears = ConcurrentHashMap.newKeySet();

  public CaseRegistry(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.h2 = !Databases.isPostgres(jdbc);
    prepareYear(yearNow());
    prepareYear(yearNow() + 1);
  }

  /**
   * The next case number, QBH-YYYY-NNNNNN: the year in China time, and the count of that year from 000001, drawn from
   * the year's sequence ({@code case_number_2027}). A sequence hands out each number once on every node and locks
   * nothing: the year's counter row used to stay locked from {@code registerCase} to the intake's commit, so intakes
   * ran one at a time (docs/adr/0008-case-numbers-from-sequences.md). An intake that rolls back after drawing (a crash,
   * the same person's second intake losing the race for the one open case) leaves its number unused: numbers are
   * never reused, and may have such gaps.
   */
  public String nextCaseNumber() {
    int year = yearNow();
    prepareYear(year);
    // a node running into a new year makes the year after at its first case
    prepareYear(year + 1);
    String sequence = sequenceOf(year);
    Long next = jdbc.queryForObject(h2 ? "SELECT NEXT VALUE FOR " + sequence : "SELECT nextval('" + sequence + "')",
        Long.class);
    return String.format("QBH-%d-%06d", year, next);
  }

  /**
   * Makes the year's sequence unless this node has seen it: at start-up for this year and the next, and at a year's
   * first case for the year after, so an intake never waits for it. It goes on after the year's row of
   * {@code case_number_counter}, where the count stood before sequences (V14). Made on a connection of its own: DDL
   * must stay out of an intake's transaction (H2 would commit it halfway).
   */
  void prepareYear(int year) {
    if (preparedYears.contains(year)) {
      return;
    }
    DataSource dataSource = jdbc.getDataSource();
    if (dataSource instanceof TransactionAwareDataSourceProxy proxy) {
      dataSource = proxy.getTargetDataSource();
    }
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      long last = 0;
      try (PreparedStatement counted = connection.prepareStatement(
          "SELECT last_number FROM case_number_counter WHERE case_year = ?")) {
        counted.setInt(1, year);
        try (ResultSet row = counted.executeQuery()) {
          if (row.next()) {
            last = row.getLong(1);
          }
        }
      }
      try (Statement create = connection.createStatement()) {
        create.execute("CREATE SEQUENCE IF NOT EXISTS " + sequenceOf(year) + " START WITH " + (last + 1));
      }
      preparedYears.add(year);
    } catch (SQLException e) {
      // another node making it at the same moment: drawing from it shows whether it is there
      LOG.info("sequence {} not made here: {}", sequenceOf(year), e.getMessage());
    }
  }

  static String sequenceOf(int year) {
    return "case_number_" + year;
  }

  private int yearNow() {
    return LocalDate.ofInstant(clock.instant(), AidFlowConfiguration.ZONE).getYear();
  }

  public Optional<String> findOpenCase(String idNumberHash) {
    List<String> found = jdbc.queryForList("SELECT case_number FROM aid_case WHERE open_id_number_hash = ?",
        String.class, idNumberHash);
    return found.stream().findFirst();
  }

  /**
   * A case to register: identity as keyed hash and encrypted values only; {@code intakeOfficer} is the authenticated
   * user who started it (null when the system did).
   */
  public record NewCase(String caseNumber, String processInstanceId, String idNumberHash, String idNumberEncrypted,
      String phoneEncrypted, String intakeOrg, String channel, boolean urgent, boolean consent, String intakeOfficer,
      String region, String intakeUnit) {

    public NewCase(String caseNumber, String processInstanceId, String idNumberHash, String idNumberEncrypted,
        String phoneEncrypted, String intakeOrg, String channel, boolean urgent, boolean consent, String intakeOfficer) {
      this(caseNumber, processInstanceId, idNumberHash, idNumberEncrypted, phoneEncrypted, intakeOrg, channel, urgent,
          consent, intakeOfficer, null, Organisation.provinceUnit(intakeOrg));
    }

    public NewCase(String caseNumber, String processInstanceId, String idNumberHash, String idNumberEncrypted,
        String phoneEncrypted, String intakeOrg, String channel, boolean urgent, boolean consent) {
      this(caseNumber, processInstanceId, idNumberHash, idNumberEncrypted, phoneEncrypted, intakeOrg, channel, urgent,
          consent, null);
    }
  }

  /**
   * What code decides on about a case, as registered: never taken from a process variable. {@code region} is the
   * applicant's (null for cases from before units), {@code intakeUnit} the unit that works the intake organisation's
   * part (docs/organisation-units.md).
   */
  public record RegisteredCase(String caseNumber, String processInstanceId, String intakeOrg, String intakeOfficer,
      String status, boolean consent, String region, String intakeUnit) {

    public RegisteredCase(String caseNumber, String processInstanceId, String intakeOrg, String intakeOfficer,
        String status, boolean consent) {
      this(caseNumber, processInstanceId, intakeOrg, intakeOfficer, status, consent, null, Organisation.provinceUnit(intakeOrg));
    }

    /** The intake unit; a case without one (registered before units) is its organisation's province unit's. */
    public String intakeUnit() {
      return intakeUnit == null ? Organisation.provinceUnit(intakeOrg) : intakeUnit;
    }

    /** The same case closed; the raw unit is kept, so the value equals a fresh read. */
    RegisteredCase closed() {
      return new RegisteredCase(caseNumber, processInstanceId, intakeOrg, intakeOfficer, CLOSED, consent, region,
          intakeUnit);
    }
  }

  /**
   * Registers an open case with the applicant's consent as given at intake (time and channel recorded); a second
   * open case for the same person violates the unique constraint.
   */
  public void registerOpenCase(NewCase c) {
    registerOpenCase(c, null, null);
  }

  /** Registers the case with the applicant's address and employer, encrypted (V21); null leaves a value unset. */
  public void registerOpenCase(NewCase c, String addressEncrypted, String employerEncrypted) {
    // to the microsecond, as the database keeps it, so that what is remembered below equals what it holds
    Timestamp now = Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS));
    writes().update("INSERT INTO aid_case (case_number, process_instance_id, id_number_hash, open_id_number_hash,"
            + " id_number_encrypted, phone_encrypted, intake_org, channel, urgent, status, created_at, consent,"
            + " consent_channel, consent_recorded_at, intake_officer, region, intake_unit, address_encrypted,"
            + " employer_encrypted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        c.caseNumber(), c.processInstanceId(), c.idNumberHash(), c.idNumberHash(), c.idNumberEncrypted(),
        c.phoneEncrypted(), c.intakeOrg(), c.channel(), c.urgent(), OPEN, now, c.consent(), c.channel(), now,
        c.intakeOfficer(), c.region(), c.intakeUnit(), addressEncrypted, employerEncrypted);
    TransactionMemo.put(REGISTERED_NOW, c.caseNumber(), now.toInstant());
  }

  /**
   * When the case was registered, if that was in this transaction (the intake's own step): its projections are
   * made next, and need not read the time or clear rows of an earlier registration. Empty otherwise, and always
   * without a transaction.
   */
  public static Optional<Instant> registeredInThisTransaction(String caseNumber) {
    return TransactionMemo.recalled(REGISTERED_NOW, caseNumber);
  }

  /** The school levels a verifier may record (金秋助学's amounts depend on them, docs/campaigns.md). */
  public static final java.util.Set<String> SCHOOL_LEVELS = java.util.Set.of("小学", "初中", "高中", "大学");

  /**
   * Records what verification found that the campaigns' eligibility reads (docs/campaigns.md): the hardship level,
   * the children in school and their highest school level (kept when none is given; an unknown one is not kept).
   */
  public void recordAssessment(String caseNumber, String hardshipLevel, Integer childrenInSchool, String schoolLevel) {
    String school = schoolLevel != null && SCHOOL_LEVELS.contains(schoolLevel) ? schoolLevel : null;
    // of these columns only the level is remembered, and it is remembered as written: the rest stays true
    if (jdbc.update("UPDATE aid_case SET hardship_level = ?, children_in_school = ?,"
        + " school_level = COALESCE(?, school_level) WHERE case_number = ?", hardshipLevel, childrenInSchool, school,
        caseNumber) == 1) {
      TransactionMemo.put(MEMO, hardshipLookup(caseNumber), Optional.ofNullable(hardshipLevel));
    }
  }

  /**
   * The hardship level verification found, as recorded (V30); empty before verification and for older cases. A
   * delivery asks after its step read the referral's instance, which brought the level along ({@link #readInstance}).
   */
  public Optional<String> hardshipLevelOf(String caseNumber) {
    return TransactionMemo.remember(MEMO, hardshipLookup(caseNumber), () -> jdbc.queryForList(
        "SELECT hardship_level FROM aid_case WHERE case_number = ?", String.class, caseNumber).stream()
        .filter(Objects::nonNull).findFirst());
  }

  private static String hardshipLookup(String caseNumber) {
    return "hardship level of " + caseNumber;
  }

  /**
   * The case of an aidCase process instance, or of a referral process instance (the referral's case), if one is
   * registered.
   */
  public Optional<RegisteredCase> caseOfInstance(String processInstanceId) {
    // a step's listeners, delegates and form views each ask: read once per transaction until this registry writes.
    // Only a case found is remembered: a referral registered later in the transaction finds its case.
    return TransactionMemo.<Optional<RegisteredCase>>recalled(MEMO, processInstanceId)
        .orElseGet(() -> readInstance(jdbc, processInstanceId).registeredCase());
  }

  /** What {@link #readInstance} found: the instance's case, and its referral if the instance is a referral's. */
  record InstanceRows(Optional<RegisteredCase> registeredCase, Optional<ReferralRegistry.RegisteredReferral> referral) {
  }

  /**
   * The case of an aidCase or referral instance and, for a referral's instance, the referral, in one statement; each
   * registry remembers its part for the rest of the transaction (the case only if found, the referral found or not;
   * each registry's writes forget only its own part, and neither writes the other's rows). A step that creates a task
   * asks for the case's urgency next (due date, reminders, priority), and a referral's step asks for its referral and
   * its case: whichever is asked first reads all of it.
   */
  static InstanceRows readInstance(JdbcTemplate jdbc, String processInstanceId) {
    return jdbc.query(INSTANCE_ROWS, (rs, row) -> {
      RegisteredCase registered = registeredCase(rs, row);
      TransactionMemo.put(MEMO, processInstanceId, Optional.of(registered));
      TransactionMemo.put(MEMO, urgencyLookup(registered.caseNumber()), urgency(rs.getBoolean(9), rs.getLong(10),
          rs.getLong(11)));
      TransactionMemo.put(MEMO, instanceLookup(registered.caseNumber()), processInstanceId);
      TransactionMemo.put(MEMO, hardshipLookup(registered.caseNumber()), Optional.ofNullable(rs.getString(12)));
      Optional<ReferralRegistry.RegisteredReferral> referral = rs.getObject(13) == null ? Optional.empty()
          : Optional.of(ReferralRegistry.referralFrom(rs, 13));
      ReferralRegistry.remember(processInstanceId, referral);
      return new InstanceRows(Optional.of(registered), referral);
    }, urgencyParameters(processInstanceId, processInstanceId, processInstanceId)).stream().findFirst()
        .orElseGet(() -> {
          // no case: no referral either (a referral's case is registered before it)
          ReferralRegistry.remember(processInstanceId, Optional.empty());
          return new InstanceRows(Optional.empty(), Optional.empty());
        });
  }

  /**
   * A referral just registered in this transaction: the case it belongs to, if remembered here by its number, is the
   * referral instance's case too, and is not read again when the referral's first step asks for it.
   */
  static void rememberForReferral(String caseNumber, String referralInstanceId) {
    TransactionMemo.<RegisteredCase>recalledVia(MEMO, instanceLookup(caseNumber)).ifPresent(
        remembered -> TransactionMemo.put(MEMO, referralInstanceId, Optional.of(remembered.getValue())));
  }

  /** The process instance (the aidCase's or a referral's) the case was last looked up by in this transaction. */
  private static String instanceLookup(String caseNumber) {
    return "instance of " + caseNumber;
  }

  /** The template for writes: whatever this transaction remembered of the cases is forgotten first. */
  private JdbcTemplate writes() {
    TransactionMemo.forget(MEMO);
    return jdbc;
  }

  /**
   * The template for writes of columns no lookup here remembers (why a case is not eligible): what this transaction
   * remembered stays true, and is not read again.
   */
  private JdbcTemplate writesOfColumnsNotRemembered() {
    return jdbc;
  }

  public Optional<RegisteredCase> caseOf(String caseNumber) {
    return jdbc.query(CASE_COLUMNS + " WHERE case_number = ?", CaseRegistry::registeredCase, caseNumber).stream()
        .findFirst();
  }

  /** The user who took the case in, as authenticated when it started; empty for older or system-started cases. */
  public Optional<String> intakeOfficerOf(String caseNumber) {
    return caseOf(caseNumber).map(RegisteredCase::intakeOfficer);
  }

  /** Why the case was closed, as recorded when it closed; empty while it is open. */
  public Optional<String> closureReasonOf(String caseNumber) {
    // the closing step's end listener asks right after the close: remembered from it
    return TransactionMemo.remember(MEMO, closureLookup(caseNumber), () -> jdbc.queryForList(
        "SELECT closure_reason FROM aid_case WHERE case_number = ?", String.class, caseNumber).stream()
        .filter(java.util.Objects::nonNull).findFirst());
  }

  private static String closureLookup(String caseNumber) {
    return "closure reason of " + caseNumber;
  }

  private static final String CASE_COLUMNS = "SELECT case_number, process_instance_id, intake_org, intake_officer,"
      + " status, consent, region, intake_unit FROM aid_case";

  /** Of a case's registered categories, those that make any case urgent. */
  private static final String URGENT_CATEGORIES_COUNTED = "SUM(CASE WHEN c.category IN ("
      + String.join(", ", Collections.nCopies(IntakeVocabulary.URGENT_CATEGORIES.size(), "?"))
      + ") THEN 1 ELSE 0 END)";

  private static final String REFERRAL_OF_INSTANCE = "r." + ReferralRegistry.REFERRAL_COLUMN_LIST.replace(", ", ", r.");

  /**
   * The case of an aidCase or a referral instance with what its urgency is worked out from ({@link #urgencyOf}), its
   * hardship level (12th column) and the referral if the instance is one (from the 13th column, as {@link
   * ReferralRegistry#REFERRAL_COLUMN_LIST}). The case number is looked up by the aidCase instance first and by the
   * referral's only when that finds none (each a scalar sub-query by an indexed column, run once), then the case and
   * its categories by the case number.
   */
  private static final String INSTANCE_ROWS = "SELECT a.case_number, a.process_instance_id, a.intake_org,"
      + " a.intake_officer, a.status, a.consent, a.region, a.intake_unit, a.urgent, COUNT(c.category), "
      + URGENT_CATEGORIES_COUNTED + ", a.hardship_level, " + REFERRAL_OF_INSTANCE
      + " FROM aid_case a LEFT JOIN case_category c ON c.case_number = a.case_number"
      + " LEFT JOIN case_referral r ON r.process_instance_id = ?"
      + " WHERE a.case_number = COALESCE((SELECT MIN(case_number) FROM aid_case WHERE process_instance_id = ?),"
      + " (SELECT case_number FROM case_referral WHERE process_instance_id = ?))"
      + " GROUP BY a.case_number, a.process_instance_id, a.intake_org,"
      + " a.intake_officer, a.status, a.consent, a.region, a.intake_unit, a.urgent, a.hardship_level, "
      + REFERRAL_OF_INSTANCE;

  private static RegisteredCase registeredCase(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new RegisteredCase(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getBoolean(6), rs.getString(7), rs.getString(8));
  }

  /** The open cases whose intake unit is this one, to move when it is deactivated. */
  public int moveOpenCases(String fromUnit, String toUnit) {
    return writes().update("UPDATE aid_case SET intake_unit = ? WHERE intake_unit = ? AND status = ?", toUnit, fromUnit,
        OPEN);
  }

  /** The encrypted ID number of the case, for those entitled to decrypt it. */
  public Optional<String> encryptedIdNumberOf(String caseNumber) {
    return jdbc.queryForList("SELECT id_number_encrypted FROM aid_case WHERE case_number = ?", String.class,
        caseNumber).stream().findFirst();
  }

  /** The consent recorded for the case: given or refused, and when. */
  public record Consent(boolean given, String channel, java.time.Instant recordedAt) {
  }

  public Optional<Consent> consentOf(String caseNumber) {
    return jdbc.query("SELECT consent, consent_channel, consent_recorded_at FROM aid_case WHERE case_number = ?",
        (rs, row) -> new Consent(rs.getBoolean(1), rs.getString(2), rs.getTimestamp(3).toInstant()), caseNumber)
        .stream().findFirst();
  }

  /**
   * Records a later call of the person on the open case with what it asked for (its categories and urgent flag) and
   * who took it, by a start of aidCase ({@code processInstanceId}, which ends joined to the open case) or, with null,
   * through the API; returns the contact's id.
   */
  public long recordContact(String caseNumber, String channel, String note, List<String> categories, boolean urgent,
      String recordedBy, String processInstanceId) {
    return Databases.insertReturningId(writes(), "INSERT INTO case_contact (case_number, channel, note, contacted_at,"
        + " categories, urgent, recorded_by, process_instance_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", caseNumber, channel,
        note, now(), String.join(",", categories), urgent, recordedBy, processInstanceId);
  }

  /**
   * What a start of aidCase became, for the user who started it only: the case it registered (they are its intake
   * officer) or the open case it joined (they took that call). Empty for anyone else, and for an unknown instance.
   */
  public record IntakeOutcome(String caseNumber, boolean joined) {
  }

  public Optional<IntakeOutcome> intakeOutcome(String processInstanceId, String userId) {
    if (userId == null) {
      return Optional.empty();
    }
    Optional<IntakeOutcome> registered = jdbc.queryForList("SELECT case_number FROM aid_case WHERE process_instance_id"
            + " = ? AND intake_officer = ?", String.class, processInstanceId, userId).stream().findFirst()
        .map(number -> new IntakeOutcome(number, false));
    if (registered.isPresent()) {
      return registered;
    }
    return jdbc.queryForList("SELECT case_number FROM case_contact WHERE process_instance_id = ? AND recorded_by = ?"
        + " ORDER BY id", String.class, processInstanceId, userId).stream().findFirst()
        .map(number -> new IntakeOutcome(number, true));
  }

  /** A case as its intake officer's list shows it. */
  public record TakenIn(String caseNumber, String processInstanceId, String status, String closureReason,
      java.time.Instant createdAt, java.time.Instant closedAt) {
  }

  /** The cases this user took in (their intake officer), newest first. */
  public List<TakenIn> takenInBy(String intakeOfficer, int offset, int limit) {
    return jdbc.query("SELECT case_number, process_instance_id, status, closure_reason, created_at, closed_at"
            + " FROM aid_case WHERE intake_officer = ? ORDER BY created_at DESC, case_number DESC LIMIT ? OFFSET ?",
        (rs, row) -> new TakenIn(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getTimestamp(5).toInstant(), rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()),
        intakeOfficer, limit, offset);
  }

  public int countTakenInBy(String intakeOfficer) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM aid_case WHERE intake_officer = ?", Integer.class, intakeOfficer);
  }

  /** A later call as recorded: the case it joined, what it asked for and who took it. */
  public record Contact(long id, String caseNumber, String channel, List<String> categories, boolean urgent,
      String recordedBy) {
  }

  public Optional<Contact> contact(long id) {
    return jdbc.query("SELECT id, case_number, channel, categories, urgent, recorded_by FROM case_contact WHERE id = ?",
        (rs, row) -> new Contact(rs.getLong(1), rs.getString(2), rs.getString(3),
            rs.getString(4) == null || rs.getString(4).isBlank() ? List.of() : List.of(rs.getString(4).split(",")),
            rs.getBoolean(5), rs.getString(6)), id).stream().findFirst();
  }

  /** The categories registered for the case (its intake's and those later calls added), in the order added. */
  public List<String> categoriesOf(String caseNumber) {
    return jdbc.queryForList("SELECT category FROM case_category WHERE case_number = ? ORDER BY added_at, category",
        String.class, caseNumber);
  }

  /** Adds the categories the case does not have yet; {@code contactId} is the later call that brought them, or null. */
  public void addCategories(String caseNumber, java.util.Collection<String> categories, Long contactId) {
    Timestamp now = now();
    for (String category : categories) {
      // one statement each: the case's row gives the one row to insert unless the category is there
      writes().update("INSERT INTO case_category (case_number, category, contact_id, added_at) SELECT case_number, ?,"
          + " ?, ? FROM aid_case WHERE case_number = ? AND NOT EXISTS (SELECT 1 FROM case_category"
          + " WHERE case_number = ? AND category = ?)", category, contactId, now, caseNumber, caseNumber, category);
    }
  }

  /** Whether the case is registered as urgent. */
  public boolean isUrgent(String caseNumber) {
    return jdbc.queryForList("SELECT urgent FROM aid_case WHERE case_number = ?", Boolean.class, caseNumber).stream()
        .anyMatch(Boolean.TRUE::equals);
  }

  /**
   * Whether the case is urgent as registered: flagged urgent (at intake or by a later call) or registered with a
   * category that makes any case urgent (docs/policy.md). Empty for a case registered before its categories were
   * (V13): its categories are only in its variables.
   */
  public Optional<Boolean> urgencyOf(String caseNumber) {
    // due dates, reminders and priority of one new task each ask: read once per transaction until this registry writes.
    // One join by the case number, not a sub-query per count: PostgreSQL then reads the case's categories by their
    // key, where the correlated form read the whole table each time while it was small.
    return TransactionMemo.remember(MEMO, urgencyLookup(caseNumber), () -> jdbc.query("SELECT a.urgent,"
        + " COUNT(c.category), " + URGENT_CATEGORIES_COUNTED + " FROM aid_case a LEFT JOIN case_category c"
        + " ON c.case_number = a.case_number WHERE a.case_number = ? GROUP BY a.urgent",
        (rs, row) -> urgency(rs.getBoolean(1), rs.getLong(2), rs.getLong(3)), urgencyParameters(caseNumber)).stream()
        .findFirst().flatMap(urgency -> urgency));
  }

  private static String urgencyLookup(String caseNumber) {
    return "urgency " + caseNumber;
  }

  /** Urgent as registered; empty for a case whose categories were never registered. */
  private static Optional<Boolean> urgency(boolean flagged, long categories, long urgentCategories) {
    return categories == 0 ? Optional.empty() : Optional.of(flagged || urgentCategories > 0);
  }

  private static Object[] urgencyParameters(String... caseOrInstance) {
    List<Object> parameters = new ArrayList<>(IntakeVocabulary.URGENT_CATEGORIES);
    parameters.addAll(List.of(caseOrInstance));
    return parameters.toArray();
  }

  /** The case is urgent from now on; true when it was not before. */
  public boolean markUrgent(String caseNumber) {
    return writes().update("UPDATE aid_case SET urgent = ? WHERE case_number = ? AND urgent = ?", true, caseNumber,
        false) == 1;
  }

  /** Why the case is not eligible, in words for the applicant (NOT_ELIGIBLE closures). */
  public void recordNotEligibleReason(String caseNumber, String reason) {
    writesOfColumnsNotRemembered().update("UPDATE aid_case SET not_eligible_reason = ? WHERE case_number = ?", reason,
        caseNumber);
  }

  public Optional<String> notEligibleReasonOf(String caseNumber) {
    return jdbc.queryForList("SELECT not_eligible_reason FROM aid_case WHERE case_number = ?", String.class,
        caseNumber).stream().filter(java.util.Objects::nonNull).findFirst();
  }

  public List<String> contactsOf(String caseNumber) {
    return jdbc.queryForList("SELECT channel FROM case_contact WHERE case_number = ? ORDER BY id", String.class,
        caseNumber);
  }

  /**
   * Closes the case and frees the person for a future intake. Closing twice keeps the first closure. The case this
   * transaction remembered stays remembered, closed with this reason (the closing step's end listeners ask for both);
   * when the case was closed already, everything is forgotten.
   */
  public void close(String caseNumber, String closureReason) {
    Optional<Map.Entry<String, RegisteredCase>> remembered = TransactionMemo.recalledVia(MEMO,
        instanceLookup(caseNumber));
    Optional<Object> urgency = TransactionMemo.recalled(MEMO, urgencyLookup(caseNumber));
    if (writes().update("UPDATE aid_case SET status = ?, closure_reason = ?, closed_at = ?, open_id_number_hash = NULL"
        + " WHERE case_number = ? AND status = ?", CLOSED, closureReason, now(), caseNumber, OPEN) == 0) {
      return;
    }
    TransactionMemo.put(MEMO, closureLookup(caseNumber), Optional.of(closureReason));
    remembered.ifPresent(registered -> {
      TransactionMemo.putVia(MEMO, instanceLookup(caseNumber), registered.getKey(), registered.getValue().closed());
      urgency.ifPresent(value -> TransactionMemo.put(MEMO, urgencyLookup(caseNumber), value));
    });
  }

  public Optional<String> statusOf(String caseNumber) {
    return jdbc.queryForList("SELECT status FROM aid_case WHERE case_number = ?", String.class, caseNumber).stream()
        .findFirst();
  }

  /** The aidCase process instance of the case, e.g. to find its verification in the history. */
  public Optional<String> processInstanceIdOf(String caseNumber) {
    return jdbc.queryForList("SELECT process_instance_id FROM aid_case WHERE case_number = ?", String.class,
        caseNumber).stream().findFirst();
  }

  /** The applicant's phone, address and employer as stored (encrypted); a value not stored is null. */
  public record EncryptedContact(String phone, String address, String employer) {
  }

  public Optional<EncryptedContact> applicantContactOf(String caseNumber) {
    return jdbc.query("SELECT phone_encrypted, address_encrypted, employer_encrypted FROM aid_case"
        + " WHERE case_number = ?", (rs, row) -> new EncryptedContact(rs.getString(1), rs.getString(2),
        rs.getString(3)), caseNumber).stream().findFirst();
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }
}
