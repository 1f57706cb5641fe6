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

/** This year's funds of each organisation with plausible budgets (CNY), for the demo. */
@Component
@Profile("demo")
public class DemoFunds {

  private static final Object[][] FUNDS = {
      {"union-hardship", "union", "工会困难帮扶资金", "3000000"},
      {"union-education", "union", "金秋助学资金", "1500000"},
      {"union-medical", "union", "医疗互助资金", "800000"},
      {"youth-aid", "youth", "共青团助学助困资金", "500000"},
      {"women-aid", "women", "妇联帮扶资金", "400000"},
      {"charity-illness", "charity", "慈善大病救助资金", "2000000"},
      {"charity-relief", "charity", "慈善紧急救助资金", "1000000"},
      {"civil-temporary", "civil", "民政临时救助资金", "2500000"}};

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
      ledger.openFund((String) fund[0], year, (String) fund[1], (String) fund[2], new BigDecimal((String) fund[3]));
    }
  }
}
