package org.aidflow.security;

import java.util.List;
import org.aidflow.shared.CommandReads;

/**
 * A plain read of {@code ACT_RU_AUTHORIZATION} in the running command ({@link CommandReads}), as Camunda's statements
 * run. Prepared like most statements: after a few runs on a connection the driver prepares it on the
 * server, and PostgreSQL may then keep one plan for any values. Each read names what it looks up by index (a
 * resource id, or a unique key with {@code *} and the grant's type written out), and such a plan looks the grants up
 * by index however many there are, and is made again once the table has grown and been analysed (AuthorizationChecksIT,
 * for a check's reads and the task grants' read). Planning each read with its values had cost more than reading
 * (docs/benchmark-and-tuning.md, "reads of the grants").
 */
final class GrantReads {

  private GrantReads() {
  }

  static <T> List<T> read(String sql, List<?> parameters, CommandReads.Row<T> row) {
    return CommandReads.read("the grants", sql, parameters, row);
  }
}
