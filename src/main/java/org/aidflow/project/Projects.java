package org.aidflow.project;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.aidflow.organisation.OrganisationUnit;
import org.aidflow.organisation.OrganisationUnits;
import org.aidflow.organisation.Providers;
import org.aidflow.shared.AlreadyExistsException;
import org.aidflow.shared.RefusedInputException;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.DecisionService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Projects (服务型项目, docs/projects.md) as data (tables project, project_unit, project_target, V28): a cash campaign
 * or a service programme owned by one unit, run in the units of project_unit for a period, with a fund, a budget, an
 * eligibility decision (a DMN decision by key, in processes/decisions) and target counts per measure and unit. A
 * service order names the service programme that covers it ({@link #programmeFor}); a cash item the project whose
 * fund it is paid from ({@link #ofFund}).
 */
@Repository
public class Projects {

  public static final String CASH_CAMPAIGN = "CASH_CAMPAIGN";
  public static final String SERVICE_PROGRAMME = "SERVICE_PROGRAMME";
  public static final String ACTIVE = "ACTIVE";
  public static final Set<String> TYPES = Set.of(CASH_CAMPAIGN, SERVICE_PROGRAMME);
  /** A project's code: lower-case letters, digits and hyphens, 3 to 40. */
  public static final String CODE_PATTERN = "[a-z0-9][a-z0-9-]{2,39}";

  /** One project with the units it runs in. */
  public record Project(String code, String name, String owningUnit, String type, String service, LocalDate startsOn,
      LocalDate endsOn, String fundCode, Integer fundYear, BigDecimal budget, String eligibilityDecision,
      String status, String createdBy, List<String> units) {

    public boolean cashCampaign() {
      return CASH_CAMPAIGN.equals(type);
    }

    /** Every unit the project concerns: the owning unit and those it runs in. */
    public Set<String> allUnits() {
      Set<String> all = new LinkedHashSet<>();
      all.add(owningUnit);
      all.addAll(units);
      return all;
    }
  }

  /** One unit's target of one measure. */
  public record Target(String project, String unit, String indicator, BigDecimal target) {
  }

  /** What a new project is to be; validated by {@link #create}. */
  public record NewProject(String code, String name, String owningUnit, String type, String service, String startsOn,
      String endsOn, String fundCode, Integer fundYear, BigDecimal budget, String eligibilityDecision,
      List<String> units) {
  }

  /** The case facts a project's eligibility decides on (from the cockpit's case row and case_category). */
  public record CaseFacts(String categories, String employmentForm, boolean newEmploymentForm, String hardshipLevel,
      String region) {

    public Map<String, Object> variables() {
      Map<String, Object> variables = new HashMap<>();
      variables.put("categories", categories);
      variables.put("employmentForm", employmentForm);
      variables.put("newEmploymentForm", newEmploymentForm);
      variables.put("hardshipLevel", hardshipLevel);
      variables.put("region", region);
      return variables;
    }
  }

  private static final String COLUMNS = "SELECT code, name, owning_unit, project_type, service, starts_on, ends_on,"
      + " fund_code, fund_year, budget, eligibility_decision, status, created_by FROM project";

  private final JdbcTemplate jdbc;
  private final OrganisationUnits units;
  private final Clock clock;

  public Projects(JdbcTemplate jdbc, OrganisationUnits units, Clock clock) {
    this.jdbc = jdbc;
    this.units = units;
    this.clock = clock;
  }

  public List<Project> all() {
    List<Project> found = jdbc.query(COLUMNS + " ORDER BY starts_on DESC, code", this::project);
    return withUnits(found);
  }

  public Optional<Project> find(String code) {
    if (code == null) {
      return Optional.empty();
    }
    return withUnits(jdbc.query(COLUMNS + " WHERE code = ?", this::project, code)).stream().findFirst();
  }

  /** The projects whose period overlaps the year. */
  public List<Project> ofYear(int year) {
    return withUnits(jdbc.query(COLUMNS + " WHERE starts_on <= ? AND ends_on >= ? ORDER BY starts_on DESC, code",
        this::project, Date.valueOf(LocalDate.of(year, 12, 31)), Date.valueOf(LocalDate.of(year, 1, 1))));
  }

  private List<Project> withUnits(List<Project> found) {
    if (found.isEmpty()) {
      return found;
    }
    Map<String, List<String>> byProject = new HashMap<>();
    jdbc.query("SELECT project, unit FROM project_unit ORDER BY unit", rs -> {
      byProject.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
    });
    return found.stream().map(p -> new Project(p.code(), p.name(), p.owningUnit(), p.type(), p.service(),
        p.startsOn(), p.endsOn(), p.fundCode(), p.fundYear(), p.budget(), p.eligibilityDecision(), p.status(),
        p.createdBy(), List.copyOf(byProject.getOrDefault(p.code(), List.of())))).toList();
  }

  /**
   * Creates a project after checking every field; {@code deployedDecision} answers whether a decision key is
   * deployed. The owning unit's supervisors then keep its targets.
   */
  @Transactional
  public Project create(NewProject project, String userId, Predicate<String> deployedDecision) {
    if (project.code() == null || !project.code().matches(CODE_PATTERN)) {
      throw RefusedInputException.of("code", "code 须为3至40位小写字母、数字或连字符",
          "code: 3 to 40 lower-case letters, digits or hyphens");
    }
    if (project.name() == null || project.name().isBlank() || project.name().strip().length() > 100) {
      throw RefusedInputException.of("name", "请填写项目名称（1至100字）", "name: 1 to 100 characters");
    }
    OrganisationUnit owner = existingUnit(project.owningUnit(), "owningUnit");
    if (project.type() == null || !TYPES.contains(project.type())) {
      throw RefusedInputException.of("type", "type 须为 CASH_CAMPAIGN 或 SERVICE_PROGRAMME",
          "type must be CASH_CAMPAIGN or SERVICE_PROGRAMME");
    }
    boolean programme = SERVICE_PROGRAMME.equals(project.type());
    if (programme && (project.service() == null || !Providers.SERVICES.containsKey(project.service()))) {
      throw RefusedInputException.of("service", "service 须为助联体服务之一：" + String.join("、",
          Providers.SERVICES.keySet()), "service must be a service of the alliance");
    }
    if (!programme && project.service() != null) {
      throw RefusedInputException.of("service", "资金类项目不填服务", "a cash campaign names no service");
    }
    LocalDate starts = date(project.startsOn(), "startsOn");
    LocalDate ends = date(project.endsOn(), "endsOn");
    if (ends.isBefore(starts)) {
      throw RefusedInputException.of("endsOn", "结束日期不得早于开始日期", "endsOn must not be before startsOn");
    }
    if (project.budget() == null || project.budget().signum() < 0
        || project.budget().compareTo(new BigDecimal("1000000000000")) >= 0 || project.budget().scale() > 2) {
      throw RefusedInputException.of("budget", "budget 须为不小于0的金额（元，最多两位小数）",
          "budget: an amount in yuan, 0 or more");
    }
    if (project.fundCode() != null || project.fundYear() != null) {
      if (project.fundCode() == null || project.fundYear() == null) {
        throw RefusedInputException.of("fundCode", "fundCode 与 fundYear 须同时填写", "give fundCode and fundYear together");
      }
      if (!fundUsableBy(project.fundCode(), project.fundYear(), owner.code())) {
        throw RefusedInputException.of("fundCode", "该资金不存在或不可由牵头单位使用",
            "no such fund, or the owning unit may not use it");
      }
    }
    if (project.eligibilityDecision() == null || !project.eligibilityDecision().matches("[A-Za-z][A-Za-z0-9_-]{0,63}")
        || !deployedDecision.test(project.eligibilityDecision())) {
      throw RefusedInputException.of("eligibilityDecision", "eligibilityDecision 须为已部署的决策表键",
          "eligibilityDecision must be the key of a deployed decision");
    }
    List<String> running = project.units() == null ? List.of(owner.code()) : project.units();
    if (running.isEmpty() || running.size() > 200) {
      throw RefusedInputException.of("units", "units 须列出1至200个实施单位", "units: 1 to 200 units the project runs in");
    }
    for (String unit : running) {
      OrganisationUnit found = existingUnit(unit, "units");
      if (!found.code().equals(owner.code()) && !OrganisationUnits.ancestorCodes(found.code()).contains(owner.code())) {
        throw RefusedInputException.of("units", "实施单位须为牵头单位或其下级单位：" + unit,
            "units must be the owning unit or units below it");
      }
    }
    if (find(project.code()).isPresent()) {
      throw new AlreadyExistsException("code", "已有该编码的项目", "a project of this code exists");
    }
    jdbc.update("INSERT INTO project (code, name, owning_unit, project_type, service, starts_on, ends_on, fund_code,"
            + " fund_year, budget, eligibility_decision, status, created_by, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", project.code(), project.name().strip(),
        owner.code(), project.type(), project.service(), Date.valueOf(starts), Date.valueOf(ends), project.fundCode(),
        project.fundYear(), project.budget(), project.eligibilityDecision(), ACTIVE, userId,
        Timestamp.from(clock.instant()));
    for (String unit : new LinkedHashSet<>(running)) {
      jdbc.update("INSERT INTO project_unit (project, unit) VALUES (?, ?)", project.code(), unit);
    }
    return find(project.code()).orElseThrow();
  }

  private OrganisationUnit existingUnit(String code, String field) {
    Optional<OrganisationUnit> unit = code == null ? Optional.empty() : units.find(code);
    if (unit.isEmpty() || Providers.TYPE.equals(unit.get().type())) {
      throw RefusedInputException.of(field, field + " 须为已有单位的代码", field + " must be the code of a unit");
    }
    return unit.get();
  }

  private static LocalDate date(String text, String field) {
    try {
      return LocalDate.parse(text == null ? "" : text);
    } catch (java.time.format.DateTimeParseException e) {
      throw RefusedInputException.of(field, field + " 须为日期，如 2026-01-01", field + " must be a date such as 2026-01-01");
    }
  }

  /** Whether the fund exists and belongs to the unit or to a unit above it that opened it to lower units. */
  public boolean fundUsableBy(String fundCode, int fundYear, String unit) {
    List<Map<String, Object>> fund = jdbc.queryForList("SELECT unit, open_to_lower FROM fund WHERE code = ?"
        + " AND fund_year = ?", fundCode, fundYear);
    if (fund.isEmpty()) {
      return false;
    }
    String owner = (String) fund.get(0).get("unit");
    boolean open = Boolean.TRUE.equals(fund.get(0).get("open_to_lower"));
    return owner.equals(unit) || open && OrganisationUnits.ancestorCodes(unit).contains(owner);
  }

  /** The targets of a project, by unit and measure. */
  public List<Target> targets(String code) {
    return jdbc.query("SELECT project, unit, indicator, target FROM project_target WHERE project = ?"
        + " ORDER BY unit, indicator", (rs, row) -> new Target(rs.getString(1), rs.getString(2), rs.getString(3),
        plain(rs.getBigDecimal(4))), code);
  }

  /** Sets (inserts or replaces) one target of a project. */
  @Transactional
  public Target putTarget(String code, String unit, ProjectMeasure measure, BigDecimal target, String userId) {
    Timestamp now = Timestamp.from(clock.instant());
    int updated = jdbc.update("UPDATE project_target SET target = ?, updated_by = ?, updated_at = ? WHERE project = ?"
        + " AND unit = ? AND indicator = ?", target, userId, now, code, unit, measure.key());
    if (updated == 0) {
      jdbc.update("INSERT INTO project_target (project, unit, indicator, target, updated_by, updated_at)"
          + " VALUES (?, ?, ?, ?, ?, ?)", code, unit, measure.key(), target, userId, now);
    }
    return new Target(code, unit, measure.key(), plain(target));
  }

  /** Sets the target unless one is set (demo data never overwrites a supervisor's). */
  public void putTargetIfAbsent(String code, String unit, ProjectMeasure measure, BigDecimal target, String userId) {
    jdbc.update("INSERT INTO project_target (project, unit, indicator, target, updated_by, updated_at)"
            + " SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM project_target WHERE project = ? AND unit = ?"
            + " AND indicator = ?)", code, unit, measure.key(), target, userId, Timestamp.from(clock.instant()), code,
        unit, measure.key());
  }

  /**
   * The service programme an order of a case names: an active programme offering the service, running in the
   * referring unit or a unit above it, whose period covers today (China time) and whose eligibility decision finds the
   * case eligible. The most specific unit's programme first, then the latest started; empty when none.
   */
  public Optional<String> programmeFor(DecisionService decisions, String service, String referringUnit,
      String caseNumber) {
    if (service == null || referringUnit == null) {
      return Optional.empty();
    }
    List<String> chain = new ArrayList<>();
    chain.add(referringUnit);
    chain.addAll(OrganisationUnits.ancestorCodes(referringUnit));
    Date today = Date.valueOf(LocalDate.now(clock));
    List<Object> args = new ArrayList<>(List.of(SERVICE_PROGRAMME, ACTIVE, service, today, today));
    args.addAll(chain);
    List<String[]> candidates = jdbc.query("SELECT p.code, p.eligibility_decision, MAX(LENGTH(u.unit)) FROM project p"
            + " JOIN project_unit u ON u.project = p.code WHERE p.project_type = ? AND p.status = ? AND p.service = ?"
            + " AND p.starts_on <= ? AND p.ends_on >= ? AND u.unit IN (" + String.join(", ",
            Collections.nCopies(chain.size(), "?")) + ") GROUP BY p.code, p.eligibility_decision, p.starts_on"
            + " ORDER BY MAX(LENGTH(u.unit)) DESC, p.starts_on DESC, p.code",
        (rs, row) -> new String[] {rs.getString(1), rs.getString(2)}, args.toArray());
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> variables = caseFacts(caseNumber).variables();
    for (String[] candidate : candidates) {
      if (eligible(decisions, candidate[1], variables)) {
        return Optional.of(candidate[0]);
      }
    }
    return Optional.empty();
  }

  /** Whether the decision finds the case eligible (output {@code eligible} true); a missing decision never does. */
  public static boolean eligible(DecisionService decisions, String decisionKey, Map<String, Object> variables) {
    DmnDecisionResult result;
    try {
      result = decisions.evaluateDecisionByKey(decisionKey).variables(variables).evaluate();
    } catch (org.camunda.bpm.engine.exception.NotFoundException e) {
      return false;
    }
    return !result.isEmpty() && Boolean.TRUE.equals(result.getFirstResult().getEntry("eligible"));
  }

  /** The facts of a case a project's eligibility decides on: categories, employment form, hardship level, region. */
  public CaseFacts caseFacts(String caseNumber) {
    List<CaseFacts> found = jdbc.query("SELECT categories, employment_form, new_employment_form, hardship_level,"
            + " region FROM cockpit_case WHERE case_number = ?", (rs, row) -> new CaseFacts(rs.getString(1),
            rs.getString(2), rs.getBoolean(3), rs.getString(4), rs.getString(5)), caseNumber);
    Set<String> categories = new java.util.TreeSet<>();
    String employmentForm = null;
    boolean newEmploymentForm = false;
    String hardship = null;
    String region = null;
    if (!found.isEmpty()) {
      CaseFacts row = found.get(0);
      if (row.categories() != null) {
        for (String c : row.categories().split(",")) {
          if (!c.isBlank()) {
            categories.add(c.strip());
          }
        }
      }
      employmentForm = row.employmentForm();
      newEmploymentForm = row.newEmploymentForm();
      hardship = row.hardshipLevel();
      region = row.region();
    }
    categories.addAll(jdbc.queryForList("SELECT category FROM case_category WHERE case_number = ?", String.class,
        caseNumber));
    if (region == null) {
      region = jdbc.query("SELECT region FROM aid_case WHERE case_number = ?", (rs, row) -> rs.getString(1),
          caseNumber).stream().filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }
    return new CaseFacts(String.join(",", categories), employmentForm, newEmploymentForm, hardship, region);
  }

  /** The project whose fund this is (the first by code when several share it). */
  public Optional<String> ofFund(String fundCode, int fundYear) {
    return jdbc.queryForList("SELECT code FROM project WHERE fund_code = ? AND fund_year = ? ORDER BY code",
        String.class, fundCode, fundYear).stream().findFirst();
  }

  /** A figure without trailing zeros (3000, 0.5). */
  public static BigDecimal plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  private Project project(ResultSet rs, int row) throws SQLException {
    int fundYear = rs.getInt(9);
    Integer year = rs.wasNull() ? null : fundYear;
    return new Project(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getDate(6).toLocalDate(), rs.getDate(7).toLocalDate(), rs.getString(8), year, plain(rs.getBigDecimal(10)),
        rs.getString(11), rs.getString(12), rs.getString(13), List.of());
  }
}
