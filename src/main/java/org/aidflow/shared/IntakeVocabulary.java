package org.aidflow.shared;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The closed value sets of the intake record (docs/policy.md, "The intake record"). */
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

  private IntakeVocabulary() {
  }
}
