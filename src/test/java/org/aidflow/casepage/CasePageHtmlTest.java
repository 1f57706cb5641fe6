package org.aidflow.casepage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.aidflow.shared.IntakeVocabulary;
import org.junit.jupiter.api.Test;

/** The case page escapes whatever people typed, and writes times and money for people. */
class CasePageHtmlTest {

  @Test
  void everyValueIsEscaped() {
    String attack = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
    CasePage.View view = new CasePage.View(
        new CasePage.Header("QBH-2026-000001", "办理中", "核实", "普通", attack, "总工会", "2026-12-02 23:28", "", attack),
        List.of(new CasePage.Step(attack, "案件", attack, "2026-12-02 23:28", "")),
        List.of(new CasePage.Referral(attack, attack, attack, "待接收", attack, "", "")),
        List.of(new CasePage.PlanItem("总工会", "第1项现金帮扶", "工会困难帮扶资金", "3,000.00 元", attack)),
        List.of(), List.of(), 0,
        List.of(new CasePage.Decision(attack, "2026-12-02 23:28", List.of(new CasePage.Field(attack, attack)),
            List.of(new CasePage.Field("困难等级", attack)))),
        List.of(new CasePage.ServiceOrder("法律援助", attack, "已完成", "2026-12-02", "3", attack, "问题解决")));
    String html = CasePageHtml.page(view, "/aidflow/cases/QBH-2026-000001/contact");
    assertThat(html).doesNotContain("<script>", "<img").contains("&lt;script&gt;");
    String contact = CasePageHtml.contact(new CaseContact.Contact("QBH-2026-000001", true, attack, attack, null,
        "说明"), "/aidflow/cases/QBH-2026-000001");
    assertThat(contact).doesNotContain("<script>", "<img").contains("（未登记）");
  }

  @Test
  void timesInChinaTimeToTheMinuteMoneyGroupedWithTwoDecimals() {
    assertThat(IntakeVocabulary.dateTime(Date.from(Instant.parse("2026-12-02T15:28:05Z")))).isEqualTo("2026-12-02 23:28");
    assertThat(IntakeVocabulary.dateTime((Date) null)).isEmpty();
    assertThat(IntakeVocabulary.money(new BigDecimal("3000000"))).isEqualTo("3,000,000.00 元");
    assertThat(IntakeVocabulary.money(new BigDecimal("11856300.005"))).isEqualTo("11,856,300.01 元");
    assertThat(IntakeVocabulary.figure(1250.5)).isEqualTo("1,250.5");
    assertThat(CasePage.itemName("cash-2")).isEqualTo("第2项现金帮扶");
    assertThat(CasePage.DecisionValues.text("hardship-level", "hardshipLevel", "DEEP")).isEqualTo("深度困难");
    assertThat(CasePage.DecisionValues.text("approval-level", "approvalLevel", "NONE")).isEqualTo("无需审批");
    assertThat(CasePage.DecisionValues.text("referral-routing", "categoryList", "[\"wage-arrears\",\"living\"]"))
        .isEqualTo("欠薪、生活困难");
    assertThat(CasePage.DecisionValues.text("referral-routing", "org", "civil")).isEqualTo("民政");
    assertThat(CasePage.DecisionValues.text("hardship-level", "accidentOrDisaster", true)).isEqualTo("是");
  }

  @Test
  void masksKeepTheStartOnly() {
    assertThat(CaseContact.maskText("浙江省杭州市上城区望江路 88 号", 6)).isEqualTo("浙江省杭州市****");
    assertThat(CaseContact.maskText("杭州", 2)).isEqualTo("****");
    assertThat(CaseContact.maskText(null, 2)).isNull();
  }
}
