package org.aidflow.organisation;

import java.util.List;
import org.aidflow.shared.Organisation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A database from before organisation units has one group pair per organisation ({@code union-caseworkers},
 * {@code union-supervisors}); at start-up, before the groups and filters are set up, each moves onto its province
 * unit ({@code union-33-caseworkers}, {@code union-33-supervisors}): memberships, authorizations (per-instance
 * grants, per-task grants, filter readers), the candidate-group links of open tasks and the filters' names. Camunda's
 * tables are not Flyway's, hence a start-up step; once the old groups are gone it costs one query per group.
 */
@Component
public class UnitGroupMigration {

  private static final Logger LOG = LoggerFactory.getLogger(UnitGroupMigration.class);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final OrganisationUnits units;

  public UnitGroupMigration(JdbcTemplate jdbc, PlatformTransactionManager transactions, OrganisationUnits units) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
    this.units = units;
  }

  @EventListener
  @Order(0)
  public void onReady(ApplicationReadyEvent event) {
    migrate();
  }

  /** Moves every old organisation group onto its province unit; answers how many groups moved. */
  public int migrate() {
    int moved = 0;
    for (Organisation org : Organisation.values()) {
      OrganisationUnit province = units.find(OrganisationUnits.provinceUnit(org.code())).orElse(null);
      if (province == null) {
        continue;
      }
      moved += move(org.caseworkersGroup(), province.caseworkersGroup(), province.name() + "经办人",
          org.shortName() + "待办", province.name() + "待办") ? 1 : 0;
      moved += move(org.supervisorsGroup(), province.supervisorsGroup(), province.name() + "主管",
          org.shortName() + "审批", province.name() + "审批") ? 1 : 0;
    }
    return moved;
  }

  private boolean move(String from, String to, String name, String oldFilter, String newFilter) {
    if (count("SELECT COUNT(*) FROM ACT_ID_GROUP WHERE ID_ = ?", from) == 0
        && count("SELECT COUNT(*) FROM ACT_RU_IDENTITYLINK WHERE GROUP_ID_ = ?", from) == 0) {
      return false;
    }
    transaction.executeWithoutResult(status -> {
      if (count("SELECT COUNT(*) FROM ACT_ID_GROUP WHERE ID_ = ?", to) == 0) {
        jdbc.update("INSERT INTO ACT_ID_GROUP (ID_, REV_, NAME_, TYPE_) VALUES (?, 1, ?, 'WORKFLOW')", to, name);
      }
      int members = jdbc.update("INSERT INTO ACT_ID_MEMBERSHIP (USER_ID_, GROUP_ID_) SELECT m.USER_ID_, ? FROM"
          + " ACT_ID_MEMBERSHIP m WHERE m.GROUP_ID_ = ? AND NOT EXISTS (SELECT 1 FROM ACT_ID_MEMBERSHIP n"
          + " WHERE n.USER_ID_ = m.USER_ID_ AND n.GROUP_ID_ = ?)", to, from, to);
      jdbc.update("DELETE FROM ACT_ID_MEMBERSHIP WHERE GROUP_ID_ = ?", from);
      // a grant the new group already holds on the same resource wins (the unique key is type, group, resource)
      jdbc.update("DELETE FROM ACT_RU_AUTHORIZATION WHERE GROUP_ID_ = ? AND EXISTS (SELECT 1 FROM"
          + " ACT_RU_AUTHORIZATION b WHERE b.GROUP_ID_ = ? AND b.TYPE_ = ACT_RU_AUTHORIZATION.TYPE_"
          + " AND b.RESOURCE_TYPE_ = ACT_RU_AUTHORIZATION.RESOURCE_TYPE_"
          + " AND b.RESOURCE_ID_ = ACT_RU_AUTHORIZATION.RESOURCE_ID_)", from, to);
      int grants = jdbc.update("UPDATE ACT_RU_AUTHORIZATION SET GROUP_ID_ = ? WHERE GROUP_ID_ = ?", to, from);
      int links = jdbc.update("UPDATE ACT_RU_IDENTITYLINK SET GROUP_ID_ = ? WHERE GROUP_ID_ = ?", to, from);
      if (count("SELECT COUNT(*) FROM ACT_RU_FILTER WHERE NAME_ = ?", newFilter) == 0) {
        jdbc.update("UPDATE ACT_RU_FILTER SET NAME_ = ? WHERE NAME_ = ?", newFilter, oldFilter);
      }
      jdbc.update("UPDATE notification SET recipient_group = ? WHERE recipient_group = ?", to, from);
      jdbc.update("DELETE FROM ACT_ID_TENANT_MEMBER WHERE GROUP_ID_ = ?", from);
      jdbc.update("DELETE FROM ACT_ID_GROUP WHERE ID_ = ?", from);
      LOG.info("group {} moved to {}: {} members, {} grants, {} task links", from, to, members, grants, links);
    });
    return true;
  }

  private long count(String sql, String arg) {
    Long n = jdbc.queryForObject(sql, Long.class, arg);
    return n == null ? 0 : n;
  }

  /** The old organisation groups, for tests. */
  static List<String> oldGroups() {
    return java.util.Arrays.stream(Organisation.values())
        .flatMap(o -> java.util.stream.Stream.of(o.caseworkersGroup(), o.supervisorsGroup())).toList();
  }
}
