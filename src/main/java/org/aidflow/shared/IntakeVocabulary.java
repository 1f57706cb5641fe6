package org.aidflow.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The closed value sets of the intake record (docs/policy.md, "The intake record"), and how AidFlow writes codes,
 * amounts and times for people (docs/words.md): every code by its Chinese name, money as {@code 3,000,000.00 元},
 * times as {@code 2026-12-02 23:28} in China time.
 */
public final class IntakeVocabulary {

  public static final Set<String> CATEGORIES = Set.of("living", "medical", "education", "employment",
      "wage-arrears", "work-injury", "labour-dispute", "domestic-violence", "discrimination",
      "minor-protection", "accident", "disaster", "psychological");

  public static final Set<String> EMPLOYMENT_FORMS = Set.of("none", "delivery-rider", "courier",
      "ride-hailing-driver", "live-streamer", "other");

  public static final Set<String> CHANNELS = Set.of("online", "hotline-12351", "hotline-12338",
      "hotline-12355", "window", "outreach", "grid-referral");

  /** Categories that make a case urgent whatever the urgent flag says. */
  public static final Set<String> URGENT_CATEGORIES = Set.of("domestic-violence", "minor-protection");

  /** The categories as the intake form names them, for what caseworkers read outside the forms (Tasklist columns). */
  public static final Map<String, String> CATEGORY_LABELS = Map.ofEntries(Map.entry("living", "生活困难"),
      Map.entry("medical", "医疗"), Map.entry("education", "助学"), Map.entry("employment", "就业"),
      Map.entry("wage-arrears", "欠薪"), Map.entry("work-injury", "工伤"), Map.entry("labour-dispute", "劳动争议"),
      Map.entry("domestic-violence", "家庭暴力"), Map.entry("discrimination", "歧视"),
      Map.entry("minor-protection", "未成年人保护"), Map.entry("accident", "意外"), Map.entry("disaster", "灾害"),
      Map.entry("psychological", "心理"));

  /** The hardship levels of decision hardship-level, as the forms name them. */
  public static final Map<String, String> HARDSHIP_LEVEL_LABELS = Map.of("DEEP", "深度困难", "ACCIDENT", "意外致困",
      "RELATIVE", "相对困难", "NONE", "非困难");

  /** The channels as the intake form names them. */
  public static final Map<String, String> CHANNEL_LABELS = Map.of("window", "服务窗口", "hotline-12351", "12351 职工服务热线",
      "hotline-12338", "12338 妇女维权热线", "hotline-12355", "12355 青少年服务热线", "online", "网上求助", "outreach", "走访",
      "grid-referral", "网格转介");

  /** The services of decision referral-routing, as its serviceLabel column names them. */
  public static final Map<String, String> REFERRAL_SERVICE_LABELS = Map.of("hardship-grant", "困难帮扶金",
      "education-aid", "金秋助学", "labour-legal-aid", "劳动维权法律援助", "rights-protection", "妇女维权",
      "youth-services", "青少年服务", "major-illness-aid", "大病救助", "emergency-relief", "紧急救助",
      "safety-net-review", "低保审核");

  /** Referral service codes ("hardship-grant,education-aid") in Chinese ("困难帮扶金、金秋助学"). */
  public static String servicesText(String codes) {
    if (codes == null) {
      return "";
    }
    return java.util.Arrays.stream(codes.split("[,，、;；\\s]+")).filter(c -> !c.isBlank())
        .map(c -> REFERRAL_SERVICE_LABELS.getOrDefault(c, c)).collect(Collectors.joining("、"));
  }

  public static final String URGENT_TEXT = "紧急";
  public static final String NORMAL_TEXT = "一般";

  /** The categories in Chinese, in the order given, e.g. "生活困难、医疗". */
  public static String categoriesText(List<String> categories) {
    return categories.stream().map(c -> CATEGORY_LABELS.getOrDefault(c, c)).collect(Collectors.joining("、"));
  }

  public static final int MAX_DESCRIPTION_LENGTH = 2000;
  public static final int MIN_HOUSEHOLD_SIZE = 1;
  public static final int MAX_HOUSEHOLD_SIZE = 20;

  // ------------------------------------------------------------------ words for people (helper "words")

  /** A channel in Chinese ("hotline-12351" → "12351 职工服务热线"); an unknown code as it is. */
  public static String channelName(String code) {
    return code == null ? null : CHANNEL_LABELS.getOrDefault(code, code);
  }

  /** A category in Chinese ("wage-arrears" → "欠薪"). */
  public static String categoryName(String code) {
    return code == null ? null : CATEGORY_LABELS.getOrDefault(code, code);
  }

  /** A region code by name ("330106" → "浙江省杭州市西湖区"), see {@link Regions#name}. */
  public static String regionName(String code) {
    return Regions.name(code);
  }

  /** An organisation ("union" → "总工会"). */
  public static String organisationName(String code) {
    if (code == null) {
      return null;
    }
    for (Organisation org : Organisation.values()) {
      if (org.code().equals(code)) {
        return org.chineseName();
      }
    }
    return code;
  }

  /** How cases close (closureReason), as people read it. */
  public static final Map<String, String> CLOSURE_LABELS = Map.of("RESOLVED", "已解决", "IMPROVED", "已改善",
      "NOT_ELIGIBLE", "不符合条件", "WITHDRAWN", "申请人撤回", "LOST_CONTACT", "失联", "DUPLICATE", "重复求助",
      "REFERRED_TO_GOVERNMENT", "转政府部门");

  /** A closure reason in words ("RESOLVED" → "已解决"); null as null, an unknown code as "". */
  public static String closureName(String code) {
    return code == null ? null : CLOSURE_LABELS.getOrDefault(code, "");
  }

  /** A cash item of a plan by its place ("cash-1" → "第1项"); anything else as it is. */
  public static String itemName(String item) {
    if (item != null && item.matches("cash-\\d+")) {
      return "第" + item.substring("cash-".length()) + "项";
    }
    return item;
  }

  /** An amount in yuan with thousands separators and fen: "3,000,000.00 元"; null as "0.00 元". */
  public static String money(Number amount) {
    return amountText(amount) + " 元";
  }

  /** An amount in yuan without the unit: "3,000,000.00". */
  public static String amountText(Number amount) {
    BigDecimal value = amount == null ? BigDecimal.ZERO : CaseVariables.asDecimal(amount);
    return TWO_DECIMALS.get().format(value.setScale(2, RoundingMode.HALF_UP));
  }

  /** An amount in 万元, as the dashboard's tiles show large sums: 11856300 → "1,185.63 万元". */
  public static String tenThousandYuan(Number amount) {
    BigDecimal value = amount == null ? BigDecimal.ZERO : CaseVariables.asDecimal(amount);
    return TWO_DECIMALS.get().format(value.movePointLeft(4).setScale(2, RoundingMode.HALF_UP)) + " 万元";
  }

  /** A figure as people read it: grouped, at most two decimals ("1,250.5"); null as "". */
  public static String figure(Number value) {
    if (value == null) {
      return "";
    }
    return AT_MOST_TWO_DECIMALS.get().format(new BigDecimal(value.toString()));
  }

  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** A moment as people in China read it: "2026-12-02 23:28" (China time); null as "". */
  public static String dateTime(Instant moment) {
    return moment == null ? "" : MINUTES.format(moment.atZone(AidFlowConfiguration.ZONE));
  }

  /** A java.util.Date (the engine's) as {@link #dateTime(Instant)}. */
  public static String dateTime(Date moment) {
    return moment == null ? "" : dateTime(moment.toInstant());
  }

  /** A local time already in China time (the cockpit's clock), to the minute. */
  public static String dateTime(LocalDateTime moment) {
    return moment == null ? "" : MINUTES.format(moment);
  }

  // a DecimalFormat is not thread-safe, and making one per amount was 1 % of a form's opening: one per thread
  private static final ThreadLocal<DecimalFormat> TWO_DECIMALS = ThreadLocal.withInitial(() -> grouped("#,##0.00"));
  private static final ThreadLocal<DecimalFormat> AT_MOST_TWO_DECIMALS = ThreadLocal.withInitial(() -> {
    DecimalFormat format = grouped("#,##0.##");
    format.setRoundingMode(RoundingMode.HALF_UP);
    return format;
  });

  private static DecimalFormat grouped(String pattern) {
    return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
  }

  private IntakeVocabulary() {
  }
}
