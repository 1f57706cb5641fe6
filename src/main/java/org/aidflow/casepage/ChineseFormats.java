package org.aidflow.casepage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import org.aidflow.shared.AidFlowConfiguration;

/**
 * How the case page writes times and money for people: {@code 2026-12-02 23:28} in China time (never an ISO
 * timestamp), {@code 3,000,000.00 元}.
 */
public final class ChineseFormats {

  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
      .withZone(AidFlowConfiguration.ZONE);

  private ChineseFormats() {
  }

  /** {@code 2026-12-02 23:28}, China time; empty for null. */
  public static String dateTime(Date time) {
    return time == null ? "" : MINUTES.format(time.toInstant());
  }

  /** {@code 3,000,000.00 元}; empty for null. */
  public static String money(BigDecimal amount) {
    return amount == null ? "" : number(amount.setScale(2, RoundingMode.HALF_UP), "#,##0.00") + " 元";
  }

  /** A figure as people read it: grouped, at most two decimals ({@code 1,250.5}). */
  public static String figure(Number value) {
    if (value == null) {
      return "";
    }
    return number(new BigDecimal(value.toString()), "#,##0.##");
  }

  private static String number(BigDecimal value, String pattern) {
    DecimalFormat format = new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
    format.setRoundingMode(RoundingMode.HALF_UP);
    return format.format(value);
  }
}
