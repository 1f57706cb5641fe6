package org.aidflow.assistance;

import org.aidflow.shared.ConcurrentChangeException;

/**
 * Plans committed at the same moment took more than the fund had left: the later step is undone as a whole. Tried
 * again, it sees the fund as it now is and is offered the choices for insufficient funds.
 */
public class FundsTakenMeanwhileException extends ConcurrentChangeException {

  public FundsTakenMeanwhileException(String fundCode, Throwable cause) {
    super("资金 " + fundCode + " 的余额刚被同时提交的其他帮扶计划占用，本次提交未生效，请重新提交。", cause);
  }
}
