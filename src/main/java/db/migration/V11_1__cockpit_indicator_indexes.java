package db.migration;

import java.sql.Statement;
import org.aidflow.shared.Databases;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The indexes behind the indicators read from the detail rows, on PostgreSQL: partial and covering, so that a
 * median and p90 days (one day's values) and distinct repeat applicants, and late steps are index-only scans of narrow entries. H2, the
 * demo's database, knows neither partial nor covering indexes; its few thousand rows need none.
 */
public class V11_1__cockpit_indicator_indexes extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws Exception {
    if (!Databases.isPostgres(context.getConnection())) {
      return;
    }
    try (Statement statement = context.getConnection().createStatement()) {
      // days_to_first_delivery is set exactly when aid_delivered
      // the values of one day to first delivery, for the median and p90
      statement.execute("CREATE INDEX cockpit_case_days_idx ON cockpit_case (days_to_first_delivery, received_at)"
          + " INCLUDE (intake_org, region) WHERE aid_delivered");
      // aid-delivered cases of persons with more than one case: distinct persons counted from these rows
      statement.execute("CREATE INDEX cockpit_case_repeat_idx ON cockpit_case (received_at)"
          + " INCLUDE (intake_org, region, person_hash, new_employment_form) WHERE aid_delivered AND repeat_person");
      // late verifications: only cases neither verified nor closed are candidates
      statement.execute("CREATE INDEX cockpit_case_verification_open_idx ON cockpit_case (received_at)"
          + " INCLUDE (intake_org, region, verification_due_at)"
          + " WHERE verification_done_at IS NULL AND closed_at IS NULL AND verification_due_at IS NOT NULL");
      // late referral steps: only referrals not ended are candidates
      statement.execute("CREATE INDEX cockpit_referral_open_idx ON cockpit_referral (received_at)"
          + " INCLUDE (org, region, acceptance_due_at, accepted_at, plan_due_at, planned_at, delivery_due_at,"
          + " delivered_at) WHERE ended_at IS NULL");
    }
  }
}
