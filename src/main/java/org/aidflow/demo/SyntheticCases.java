package org.aidflow.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.aidflow.shared.Organisation;
import org.aidflow.cockpit.projection.CockpitProjections;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.CaseStage;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A realistic, seeded history of cases written straight into the cockpit's projections (no process instance, marked
 * synthetic): for the demo's dashboard on first start and for the benchmark's million cases. Same seed, same rows.
 * Zhejiang region codes, the channels' shares, 金秋助学 education requests peaking in August and September,
 * new-employment-form workers (riders, couriers, ride-hailing drivers, live streamers) with wage claims; each row
 * with the unit of the demo's units that would work it (Hangzhou's and Ningbo's districts and cities, the province's
 * for the rest of Zhejiang), so that one city's lead sees other figures than another's.
 */
public final class SyntheticCases {

  private static final String[] REGIONS = {
      // Hangzhou, weighted by appearing more often
      "330102", "330105", "330106", "330108", "330109", "330110", "330106", "330102", "330110", "330113",
      // Ningbo, Wenzhou, Jiaxing, Huzhou, Shaoxing, Jinhua, Quzhou, Zhoushan, Taizhou, Lishui
      "330212", "330212", "330206", "330302", "330303", "330304", "330402", "330411", "330502", "330503",
      "330602", "330603", "330702", "330782", "330802", "330902", "331002", "331003", "331102"};
  private static final String[][] CHANNELS = {{"online", "30"}, {"hotline-12351", "20"}, {"hotline-12338", "8"},
      {"hotline-12355", "7"}, {"window", "20"}, {"outreach", "8"}, {"grid-referral", "7"}};
  private static final String[][] CATEGORIES = {{"living", "24"}, {"medical", "16"}, {"education", "10"},
      {"employment", "8"}, {"wage-arrears", "14"}, {"work-injury", "5"}, {"labour-dispute", "6"},
      {"domestic-violence", "4"}, {"discrimination", "1"}, {"minor-protection", "2"}, {"accident", "4"},
      {"disaster", "1"}, {"psychological", "5"}};
  private static final String[][] EMPLOYMENT_FORMS = {{"none", "58"}, {"other", "20"}, {"delivery-rider", "8"},
      {"courier", "6"}, {"ride-hailing-driver", "5"}, {"live-streamer", "3"}};
  private static final String[][] CLOSURES = {{"RESOLVED", "46"}, {"IMPROVED", "24"}, {"NOT_ELIGIBLE", "12"},
      {"WITHDRAWN", "5"}, {"LOST_CONTACT", "5"}, {"REFERRED_TO_GOVERNMENT", "8"}};
  private static final String[] LEVELS = {"DEEP", "ACCIDENT", "RELATIVE", "RELATIVE", "NONE"};
  /** Rows per JDBC batch. */
  private static final int BATCH = 2000;

  /** The columns of each table, in the order of the rows handed to a {@link Sink}. */
  public static final String CASE_COLUMNS = "case_number, person_hash, intake_org, channel, region, categories,"
      + " employment_form, new_employment_form, urgent, hardship_level, stage, received_at, received_month,"
      + " verification_due_at, verification_done_at, verification_breached, aid_delivered, first_delivery_at,"
      + " days_to_first_delivery, cash_disbursed, wages_recovered, satisfaction, closure_reason, closed_at,"
      + " updated_at, synthetic, satisfaction_sum, satisfaction_count, unit";
  public static final String CATEGORY_COLUMNS = "case_number, category, intake_org, region, received_at, unit";
  public static final String REFERRAL_COLUMNS = "referral_id, case_number, org, region, received_at, status,"
      + " acceptance_due_at, accepted_at, acceptance_breached, plan_due_at, planned_at, plan_breached,"
      + " delivery_due_at, delivered_at, delivery_breached, cash_disbursed, wages_recovered, created_at, ended_at,"
      + " updated_at, synthetic, unit";

  /** Where the rows go: batched INSERTs here; the benchmark copies them in (PostgreSQL COPY). */
  public interface Sink {
    void write(String table, String columns, List<Object[]> rows);
  }

  private final Sink sink;
  private final long seed;

  public SyntheticCases(JdbcTemplate jdbc, long seed) {
    this((table, columns, rows) -> jdbc.batchUpdate("INSERT INTO " + table + " (" + columns + ") VALUES ("
        + "?, ".repeat(columns.split(",").length - 1) + "?)", rows), seed);
  }

  public SyntheticCases(Sink sink, long seed) {
    this.sink = sink;
    this.seed = seed;
  }

  /**
   * Writes {@code count} cases received between {@code from} (inclusive) and {@code until} (exclusive), numbered
   * {@code <prefix>-0000001} on, their referrals {@code firstReferralId} on (above any real referral's id), as seen
   * on {@code today}. Returns the number of cases written.
   */
  public int write(String prefix, long firstReferralId, int count, LocalDate from, LocalDate until, LocalDate today) {
    Random random = new Random(seed);
    long days = Duration.between(from.atStartOfDay(), until.atStartOfDay()).toDays();
    List<Object[]> cases = new ArrayList<>();
    List<Object[]> categories = new ArrayList<>();
    List<Object[]> referrals = new ArrayList<>();
    LocalDateTime now = today.atTime(9, 0);
    for (int i = 1; i <= count; i++) {
      LocalDateTime received = receivedAt(random, from, days);
      String caseNumber = String.format("%s-%07d", prefix, i);
      addCase(random, caseNumber, received, now, i, firstReferralId + i, cases, categories, referrals);
      if (cases.size() >= BATCH) {
        flush(cases, categories, referrals);
      }
    }
    flush(cases, categories, referrals);
    return count;
  }

  /** A day of the period, August and September twice as busy (金秋助学), during office hours. */
  private static LocalDateTime receivedAt(Random random, LocalDate from, long days) {
    LocalDate day;
    do {
      day = from.plusDays((long) (random.nextDouble() * days));
    } while (!(day.getMonth() == Month.AUGUST || day.getMonth() == Month.SEPTEMBER) && random.nextInt(2) == 0);
    return day.atTime(8 + random.nextInt(10), random.nextInt(60));
  }

  private void addCase(Random random, String caseNumber, LocalDateTime received, LocalDateTime now, int index,
      long referralId, List<Object[]> cases, List<Object[]> categoryRows, List<Object[]> referrals) {
    String channel = pick(random, CHANNELS);
    String org = switch (channel) {
      case "hotline-12338" -> "women";
      case "hotline-12355" -> "youth";
      default -> "union";
    };
    String form = pick(random, EMPLOYMENT_FORMS);
    boolean newForm = CockpitProjections.NEW_EMPLOYMENT_FORMS.contains(form);
    Set<String> categories = new LinkedHashSet<>();
    boolean goldenAutumn = received.getMonth() == Month.AUGUST || received.getMonth() == Month.SEPTEMBER;
    if (goldenAutumn && random.nextInt(10) < 4) {
      categories.add("education");
    }
    if (newForm && random.nextInt(10) < 6) {
      categories.add(random.nextInt(3) == 0 ? "labour-dispute" : "wage-arrears");
    }
    if ("women".equals(org)) {
      categories.add(random.nextInt(4) == 0 ? "discrimination" : "domestic-violence");
    } else if ("youth".equals(org)) {
      categories.add(random.nextBoolean() ? "psychological" : "minor-protection");
    }
    while (categories.isEmpty() || (categories.size() < 3 && random.nextInt(4) == 0)) {
      categories.add(pick(random, CATEGORIES));
    }
    String region = REGIONS[random.nextInt(REGIONS.length)];
    String level = LEVELS[random.nextInt(LEVELS.length)];
    boolean urgent = categories.contains("domestic-violence") || categories.contains("minor-protection");
    // one person in twenty asks again: the same person as an earlier case
    int person = index > 20 && random.nextInt(20) == 0 ? random.nextInt(index - 1) + 1 : index;

    long ageDays = Duration.between(received, now).toDays();
    LocalDateTime verificationDue = received.plusDays(urgent ? 1 : 4);
    LocalDateTime verified = received.plusHours(4 + random.nextInt(urgent ? 30 : 110));
    boolean verificationBreached = verified.isAfter(verificationDue);
    String stage;
    String closure = null;
    LocalDateTime closedAt = null;
    boolean open = ageDays < 75 && random.nextInt(75) >= (int) ageDays;
    if (verified.isAfter(now)) {
      verified = null;
      verificationBreached = verificationDue.isBefore(now);
      stage = CaseStage.VERIFICATION.name();
    } else if (open) {
      stage = ageDays < 20 ? CaseStage.REFERRAL.name() : (random.nextInt(6) == 0
          ? CaseStage.SUPERVISOR_DECISION.name() : CaseStage.FOLLOW_UP.name());
    } else {
      stage = CaseStage.CLOSED.name();
      closure = pick(random, CLOSURES);
    }
    boolean aid = !CaseStage.VERIFICATION.name().equals(stage) && !"NOT_ELIGIBLE".equals(closure)
        && (closure == null || !"WITHDRAWN".equals(closure) || random.nextBoolean())
        && (CaseStage.FOLLOW_UP.name().equals(stage) || closure != null);
    String referralOrg = categories.contains("wage-arrears") || categories.contains("labour-dispute")
        || categories.contains("work-injury") ? "union"
        : categories.contains("domestic-violence") ? "women"
        : categories.contains("medical") && random.nextBoolean() ? "charity"
        : "DEEP".equals(level) && random.nextInt(3) == 0 ? "civil" : org;
    LocalDateTime firstDelivery = null;
    BigDecimal cash = BigDecimal.ZERO;
    BigDecimal wages = BigDecimal.ZERO;
    Integer satisfaction = null;
    if (aid) {
      firstDelivery = verified.plusHours(24 + (long) (-Math.log(1 - random.nextDouble()) * 24 * 9));
      if (firstDelivery.isAfter(now)) {
        firstDelivery = now.minusHours(1);
      }
      cash = BigDecimal.valueOf(200L * (1 + random.nextInt(25)));
      if (categories.contains("wage-arrears") && random.nextInt(10) < 7) {
        wages = BigDecimal.valueOf(1000L * (2 + random.nextInt(28)));
      }
      if (closure != null) {
        closedAt = firstDelivery.plusDays(30 + random.nextInt(5));
        satisfaction = 3 + Math.min(2, random.nextInt(4));
      }
    } else if (closure != null) {
      closedAt = (verified == null ? received : verified).plusDays(1 + random.nextInt(10));
    }
    if (closedAt != null && closedAt.isAfter(now)) {
      closedAt = now.minusHours(2);
    }
    BigDecimal days = firstDelivery == null ? null
        : BigDecimal.valueOf(Duration.between(received, firstDelivery).toMinutes())
            .divide(BigDecimal.valueOf(24 * 60), 2, RoundingMode.HALF_UP);
    Timestamp receivedAt = ts(received);
    cases.add(new Object[] {caseNumber, personHash(person), org, channel, region, String.join(",", categories), form,
        newForm, urgent, level, stage, receivedAt, CockpitProjections.month(received), ts(verificationDue),
        ts(verified), verificationBreached, aid, ts(firstDelivery), days, cash, wages, satisfaction, closure,
        ts(closedAt), receivedAt, true, satisfaction == null ? 0 : satisfaction, satisfaction == null ? 0 : 1,
        unitOf(org, region)});
    for (String category : categories) {
      categoryRows.add(new Object[] {caseNumber, category, org, region, receivedAt, unitOf(org, region)});
    }
    if (verified != null && !"NOT_ELIGIBLE".equals(closure)) {
      LocalDateTime acceptanceDue = verified.plusDays(urgent ? 1 : 3);
      LocalDateTime accepted = verified.plusHours(2 + random.nextInt(urgent ? 20 : 80));
      if (accepted.isAfter(now)) {
        accepted = null;
      }
      LocalDateTime planDue = accepted == null ? null : accepted.plusDays(urgent ? 2 : 7);
      LocalDateTime planned = accepted == null || !aid ? null : accepted.plusHours(4 + random.nextInt(180));
      LocalDateTime deliveryDue = planned == null ? null : planned.plusDays(urgent ? 3 : 14);
      LocalDateTime delivered = aid ? firstDelivery : null;
      if (planned != null && delivered != null && planned.isAfter(delivered)) {
        planned = delivered.minusHours(2);
      }
      boolean ended = aid || closure != null;
      referrals.add(new Object[] {referralId, caseNumber, referralOrg, region, receivedAt,
          aid ? "DELIVERED" : ended ? "CANCELLED" : accepted == null ? "OPEN" : "ACCEPTED",
          ts(acceptanceDue), ts(accepted), accepted == null && acceptanceDue.isBefore(now),
          ts(planDue), ts(planned), planned != null && planned.isAfter(planDue),
          ts(deliveryDue), ts(delivered), delivered != null && deliveryDue != null && delivered.isAfter(deliveryDue),
          cash, wages.signum() == 0 ? null : wages, ts(verified), ended ? ts(delivered != null ? delivered
              : closedAt) : null, receivedAt, true, unitOf(referralOrg, region)});
    }
  }

  /**
   * The unit that would work an organisation's part of a case of the region, by the demo's units ({@link DemoUnits}):
   * the most specific one whose region is a prefix of it (鄞州区 330212 → union-330212; 330110 → union-3301), else
   * the province's. The benchmark's rows use the same units, whether they exist as rows or not.
   */
  static String unitOf(String org, String region) {
    String best = Organisation.provinceUnit(org);
    for (String[] unit : DemoUnits.UNITS) {
      String code = unit[0];
      String unitRegion = code.substring(code.indexOf('-') + 1);
      if (code.startsWith(org + "-") && region.startsWith(unitRegion) && code.length() > best.length()) {
        best = code;
      }
    }
    return best;
  }

  private void flush(List<Object[]> cases, List<Object[]> categories, List<Object[]> referrals) {
    if (!cases.isEmpty()) {
      sink.write("cockpit_case", CASE_COLUMNS, cases);
      sink.write("cockpit_case_category", CATEGORY_COLUMNS, categories);
    }
    if (!referrals.isEmpty()) {
      sink.write("cockpit_referral", REFERRAL_COLUMNS, referrals);
    }
    cases.clear();
    categories.clear();
    referrals.clear();
  }

  /** Not a person's data: a hash of the seed and a number, so that repeated applicants count once. */
  private String personHash(int person) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(("synthetic-" + seed + "-" + person).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pick(Random random, String[][] weighted) {
    int total = 0;
    for (String[] option : weighted) {
      total += Integer.parseInt(option[1]);
    }
    int draw = random.nextInt(total);
    for (String[] option : weighted) {
      draw -= Integer.parseInt(option[1]);
      if (draw < 0) {
        return option[0];
      }
    }
    return weighted[weighted.length - 1][0];
  }

  private static Timestamp ts(LocalDateTime chinaTime) {
    return chinaTime == null ? null : Timestamp.from(chinaTime.atZone(AidFlowConfiguration.ZONE).toInstant());
  }
}
