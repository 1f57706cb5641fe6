package org.aidflow.organisation;

/**
 * One office of an organisation type at one level (docs/organisation-units.md): {@code union-33} the province's
 * trade-union federation, {@code union-3301} Hangzhou's, {@code union-330106} 西湖区's. Its groups are
 * {@code <code>-caseworkers} and {@code <code>-supervisors}.
 */
public record OrganisationUnit(String code, String type, String region, String name, String parent, boolean active) {

  public static final String CASEWORKERS = "-caseworkers";
  public static final String SUPERVISORS = "-supervisors";

  public String caseworkersGroup() {
    return code + CASEWORKERS;
  }

  public String supervisorsGroup() {
    return code + SUPERVISORS;
  }

  /** 省, 市 or 区县, from the length of the region prefix; a service provider's level is {@code provider}. */
  public String level() {
    if (Providers.TYPE.equals(type)) {
      return Providers.TYPE;
    }
    return switch (region.length()) {
      case 2 -> "province";
      case 4 -> "city";
      default -> "district";
    };
  }

  /** The unit code a group belongs to ({@code union-3301-caseworkers} → {@code union-3301}), or null. */
  public static String unitOfGroup(String groupId) {
    if (groupId == null) {
      return null;
    }
    for (String suffix : new String[] {CASEWORKERS, SUPERVISORS}) {
      if (groupId.endsWith(suffix)) {
        String unit = groupId.substring(0, groupId.length() - suffix.length());
        return unit.matches("[a-z]+-\\d{2}(\\d{2}){0,2}|" + Providers.CODE_PATTERN) ? unit : null;
      }
    }
    return null;
  }

  /** The type of a unit code ({@code union-3301} → {@code union}). */
  public static String typeOf(String unitCode) {
    int dash = unitCode.indexOf('-');
    return dash < 0 ? unitCode : unitCode.substring(0, dash);
  }
}
