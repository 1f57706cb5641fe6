package org.aidflow.demo;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import org.aidflow.assistance.FundLedger;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * This year's funds with plausible budgets (CNY), for the demo: the province units' (the union's hardship and
 * 金秋助学 funds open to lower units, so the city and district unions may draw on them), and one fund for each union
 * unit of {@link DemoUnits} (the cities' open to their districts, the districts' their own).
 */
@Component
@Profile("demo")
public class DemoFunds {

  /** Code, unit, name, budget, open to lower units. */
  private static final Object[][] FUNDS = {
      {"union-hardship", "union-33", "工会困难帮扶资金", "3000000", true},
      {"union-education", "union-33", "金秋助学资金", "1500000", true},
      {"union-medical", "union-33", "医疗互助资金", "800000", false},
      {"youth-aid", "youth-33", "共青团助学助困资金", "500000", false},
      {"women-aid", "women-33", "妇联帮扶资金", "400000", false},
      {"charity-illness", "charity-33", "慈善大病救助资金", "2000000", false},
      {"charity-relief", "charity-33", "慈善紧急救助资金", "1000000", false},
      {"civil-temporary", "civil-33", "民政临时救助资金", "2500000", false},
      {"union-3301-hardship", "union-3301", "杭州市总工会困难帮扶资金", "600000", true},
      {"union-3302-hardship", "union-3302", "宁波市总工会困难帮扶资金", "500000", true},
      {"union-330102-hardship", "union-330102", "上城区总工会帮扶资金", "120000", false},
      {"union-330106-hardship", "union-330106", "西湖区总工会帮扶资金", "150000", false},
      {"union-330212-hardship", "union-330212", "鄞州区总工会帮扶资金", "100000", false}};

  private final FundLedger ledger;
  private final Clock clock;

  public DemoFunds(FundLedger ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
  }

  /** Before the demo cases, whose plans draw on these funds. */
  @EventListener
  @Order(3)
  public void onReady(ApplicationReadyEvent event) {
    int year = LocalDate.now(clock).getYear();
    for (Object[] fund : FUNDS) {
      ledger.openFund((String) fund[0], year, (String) fund[1], (String) fund[2], new BigDecimal((String) fund[3]),
          (Boolean) fund[4]);
    }
  }
}
