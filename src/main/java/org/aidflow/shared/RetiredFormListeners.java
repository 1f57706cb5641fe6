package org.aidflow.shared;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The task listeners that wrote what forms show, by the names diagrams deployed before {@link TaskFormView} call
 * them: cases in flight keep their diagram's version, so their tasks still name these listeners when created. They do
 * nothing now; the views work the values out when the form opens.
 */
@Configuration
public class RetiredFormListeners {

  /** A listener kept only so that an older diagram that names it still runs. */
  public static final class RetiredListener implements TaskListener {

    @Override
    public void notify(DelegateTask task) {
      // nothing: the form's values are worked out when it is opened (TaskFormView)
    }
  }

  static final String FUND_BALANCES = "fundBalancesListener";
  static final String RIGHTS_PROGRESS = "rightsProgressListener";
  static final String REFERRAL_SUMMARY = "referralSummaryListener";
  public static final List<String> NAMES = List.of(FUND_BALANCES, RIGHTS_PROGRESS, REFERRAL_SUMMARY);

  /** One do-nothing listener under each of the names. */
  @Bean(name = {FUND_BALANCES, RIGHTS_PROGRESS, REFERRAL_SUMMARY})
  public TaskListener retiredFormListener() {
    return new RetiredListener();
  }
}
