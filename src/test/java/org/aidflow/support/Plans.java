package org.aidflow.support;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.aidflow.assistance.CashItem;
import org.aidflow.assistance.CashItems;
import org.aidflow.shared.CaseVariables;
import org.camunda.bpm.engine.variable.value.TypedValue;

/** Plans as the planning form submits them. */
public final class Plans {

  private Plans() {
  }

  /** Cash items from pairs of fund and amount: {@code cash("union-aid", 3000, "union-aid", 2000)}. */
  public static TypedValue cash(Object... fundAndAmount) {
    List<CashItem> items = new ArrayList<>();
    for (int i = 0; i < fundAndAmount.length; i += 2) {
      items.add(new CashItem(null, (String) fundAndAmount[i], new BigDecimal(fundAndAmount[i + 1].toString()), "测试"));
    }
    return CashItems.variable(items);
  }

  public static TypedValue services(String... codes) {
    return CaseVariables.jsonList(List.of(codes));
  }

  public static TypedValue paid(String... items) {
    return CaseVariables.jsonList(List.of(items));
  }
}
