package org.aidflow.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CodesOnPageTest {

  private final CodesOnPage scan = new CodesOnPage(List.of("union-aid"));

  @Test
  void findsEachKindOfCode() {
    assertThat(scan.findIn("受理渠道：hotline-12351")).hasSize(1);
    assertThat(scan.findIn("求助类别 wage-arrears、work-injury")).hasSize(2);
    assertThat(scan.findIn("工会困难帮扶资金（union-hardship）")).hasSize(1);
    assertThat(scan.findIn("资金 union-aid 可用")).hasSize(1);
    assertThat(scan.findIn("cash-1 工会困难帮扶资金 5000 元")).hasSize(1);
    assertThat(scan.findIn("数据时间 2026-12-02T23:28:05")).hasSize(1);
    assertThat(scan.findIn("地区 330106")).hasSize(1);
    assertThat(scan.findIn("转介服务 hardship-grant")).hasSize(1);
  }

  @Test
  void leavesWordsNumbersAndMaskedIdsAlone() {
    assertThat(scan.findIn("申请人：张三，身份证 `330102********0011`，电话 `138****6666`，地区 浙江省杭州市西湖区")).isEmpty();
    assertThat(scan.findIn("案件 QBH-2026-000123，合计 3,000,000.00 元，1,185.63 万元，2026-12-02 23:28")).isEmpty();
    assertThat(scan.findIn("北京市（110105）；第1项 现金帮扶；union-worker 已认领")).isEmpty();
    assertThat(scan.findIn("追回 990000 元")).as("no province starts with 99").isEmpty();
  }
}
