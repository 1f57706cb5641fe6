package org.aidflow.shared;

import java.util.Arrays;
import java.util.List;

/** The five organisations of the assistance alliance and their Camunda groups (docs/policy.md). */
public enum Organisation {
  UNION("union", "总工会", "工会"),
  YOUTH("youth", "共青团", "共青团"),
  WOMEN("women", "妇联", "妇联"),
  CHARITY("charity", "慈善总会", "慈善"),
  CIVIL("civil", "民政", "民政");

  private final String code;
  private final String chineseName;
  private final String shortName;

  Organisation(String code, String chineseName, String shortName) {
    this.code = code;
    this.chineseName = chineseName;
    this.shortName = shortName;
  }

  /** Short name for filter and menu labels, e.g. 工会待办. */
  public String shortName() {
    return shortName;
  }

  public String code() {
    return code;
  }

  public String chineseName() {
    return chineseName;
  }

  /**
   * The organisation-wide group of releases before units ({@code union-caseworkers}); its members moved to the
   * province unit's group (org.aidflow.organisation.UnitGroupMigration). Work goes to unit groups.
   */
  public String caseworkersGroup() {
    return code + "-caseworkers";
  }

  /** The organisation-wide supervisors' group before units; see {@link #caseworkersGroup()}. */
  public String supervisorsGroup() {
    return code + "-supervisors";
  }

  /** The province unit of an organisation ({@code union} → {@code union-33}): where work from before units belongs. */
  public static String provinceUnit(String orgCode) {
    return orgCode + "-33";
  }

  public static Organisation fromCode(String code) {
    return Arrays.stream(values()).filter(o -> o.code.equals(code)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown organisation: " + code));
  }

  public static List<String> codes() {
    return Arrays.stream(values()).map(Organisation::code).toList();
  }
}
