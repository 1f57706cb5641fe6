package org.aidflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which statements are sent unprepared: those with Camunda's join of rows and grants, and no other. */
class AuthorizedQueryPlansTest {

  private static final String GRANTS = "left join (SELECT A.* FROM ACT_RU_AUTHORIZATION A WHERE A.TYPE_ < 2"
      + " AND (A.USER_ID_ in (?, '*') OR A.GROUP_ID_ IN (?))) ";

  @Test
  void aListJoinedWithTheUsersGrantsIsFound() {
    assertThat(AuthorizedQueryPlans.joinsAuthorizations("SELECT COUNT(*) FROM ACT_RU_TASK RES " + GRANTS
        + "AUTH ON (AUTH.RESOURCE_ID_ IN (RES.ID_, '*'))")).isTrue();
    assertThat(AuthorizedQueryPlans.joinsAuthorizations("select RES.* from ACT_HI_PROCINST RES " + GRANTS
        + "AUTH ON (AUTH.RESOURCE_ID_ in (RES.ID_, '*')) " + GRANTS + "AUTH1 ON (AUTH1.RESOURCE_ID_ in (D.KEY_))"))
        .isTrue();
    assertThat(AuthorizedQueryPlans.joinsAuthorizations("select * from X " + GRANTS + "AUTH12 ON (1 = 1)")).isTrue();
  }

  @Test
  void otherStatementsAreNot() {
    // a single permission check, an insert, another alias ending in AUTH, a join without the grants table
    assertThat(AuthorizedQueryPlans.joinsAuthorizations("SELECT CASE WHEN EXISTS (SELECT 1 FROM ACT_RU_AUTHORIZATION"
        + " A WHERE A.RESOURCE_TYPE_ = ?) THEN 1 ELSE 0 END")).isFalse();
    assertThat(AuthorizedQueryPlans.joinsAuthorizations("insert into ACT_RU_AUTHORIZATION (ID_, TYPE_) values (?, ?)"))
        .isFalse();
    assertThat(AuthorizedQueryPlans.joinsAuthorizations("select * from ACT_RU_AUTHORIZATION A join T MYAUTH ON (1=1)"))
        .isFalse();
    assertThat(AuthorizedQueryPlans.joinsAuthorizations("select * from ACT_RU_TASK T join X AUTH ON (1=1)")).isFalse();
  }
}
