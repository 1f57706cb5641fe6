package org.aidflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which statements are sent unprepared: those that read the grants (joined with a list, or looked up), no other. */
class AuthorizedQueryPlansTest {

  private static final String GRANTS = "left join (SELECT A.* FROM ACT_RU_AUTHORIZATION A WHERE A.TYPE_ < 2"
      + " AND (A.USER_ID_ in (?, '*') OR A.GROUP_ID_ IN (?))) ";

  @Test
  void aListJoinedWithTheUsersGrantsIsFound() {
    assertThat(AuthorizedQueryPlans.readsGrants("SELECT COUNT(*) FROM ACT_RU_TASK RES " + GRANTS
        + "AUTH ON (AUTH.RESOURCE_ID_ IN (RES.ID_, '*'))")).isTrue();
    assertThat(AuthorizedQueryPlans.readsGrants("select RES.* from ACT_HI_PROCINST RES " + GRANTS
        + "AUTH ON (AUTH.RESOURCE_ID_ in (RES.ID_, '*')) " + GRANTS + "AUTH1 ON (AUTH1.RESOURCE_ID_ in (D.KEY_))"))
        .isTrue();
    assertThat(AuthorizedQueryPlans.readsGrants("select * from X " + GRANTS + "AUTH12 ON (1 = 1)")).isTrue();
  }

  @Test
  void aLookupOfGrantsIsFound() {
    assertThat(AuthorizedQueryPlans.readsGrants("SELECT * FROM ACT_RU_AUTHORIZATION WHERE TYPE_ = ? AND GROUP_ID_ = ?"
        + " AND RESOURCE_TYPE_ = ? AND RESOURCE_ID_ = ?")).isTrue();
    assertThat(AuthorizedQueryPlans.readsGrants("\n    select count(*) from (SELECT DISTINCT RES.ID_ from"
        + " ACT_RU_AUTHORIZATION RES WHERE RES.GROUP_ID_ in (?)) countDistinct")).isTrue();
  }

  @Test
  void otherStatementsAreNot() {
    // writing grants, reading other tables
    assertThat(AuthorizedQueryPlans.readsGrants("insert into ACT_RU_AUTHORIZATION (ID_, TYPE_) values (?, ?)"))
        .isFalse();
    assertThat(AuthorizedQueryPlans.readsGrants("delete from ACT_RU_AUTHORIZATION where ID_ = ? and REV_ = ?"))
        .isFalse();
    assertThat(AuthorizedQueryPlans.readsGrants("update ACT_RU_AUTHORIZATION set PERMS_ = ? where ID_ = ?"))
        .isFalse();
    assertThat(AuthorizedQueryPlans.readsGrants("select * from ACT_RU_TASK T join X AUTH ON (1=1)")).isFalse();
  }
}
