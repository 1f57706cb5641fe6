package org.aidflow.assistance;

import java.math.BigDecimal;

/** One cash item of an assistance plan: an amount paid out of one fund, named {@code cash-1}, {@code cash-2}, … */
public record CashItem(String item, String fund, BigDecimal amount, String purpose) {
}
