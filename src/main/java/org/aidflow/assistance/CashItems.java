package org.aidflow.assistance;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.aidflow.shared.CaseVariables;
import org.camunda.spin.Spin;
import org.camunda.spin.json.SpinJsonNode;
import org.camunda.spin.plugin.variable.SpinValues;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * The cash items of a plan as process variable {@code cashItems}: a JSON list of {fund, amount, purpose} rows, as
 * Tasklist's dynamic list submits them and FEEL in the forms reads them. Items are numbered when the plan is
 * checked, so each can be reserved and disbursed on its own.
 */
public final class CashItems {

  public static final String FUND = "fund";
  public static final String AMOUNT = "amount";
  public static final String PURPOSE = "purpose";
  public static final String ITEM = "item";

  private CashItems() {
  }

  /** The rows as submitted: a Spin JSON array, a JSON text or a Java list of maps; fields may be missing or wrong. */
  public static List<Row> rows(Object value) {
    List<Row> rows = new ArrayList<>();
    if (!isList(value)) {
      return rows;
    }
    SpinJsonNode array = json(value);
    if (array == null || !array.isArray()) {
      return rows;
    }
    for (SpinJsonNode element : array.elements()) {
      if (element.isObject()) {
        rows.add(new Row(text(element, ITEM), text(element, FUND), text(element, AMOUNT), text(element, PURPOSE)));
      } else {
        rows.add(new Row(null, null, null, null));
      }
    }
    return rows;
  }

  public static boolean isList(Object value) {
    try {
      SpinJsonNode node = json(value);
      return node != null && node.isArray();
    } catch (RuntimeException notJson) {
      return false;
    }
  }

  /**
   * The planning form's fixed slots ({@code cashItem1}…{@code cashItem3}, each a JSON object), as rows; slots
   * left empty are skipped. (Tasklist cannot complete forms with repeating lists, so the form offers slots.)
   */
  public static List<Row> slotRows(List<Object> slots) {
    List<Row> rows = new ArrayList<>();
    for (Object slot : slots) {
      SpinJsonNode node = slot == null ? null
          : slot instanceof SpinJsonNode json ? json : Spin.JSON(slot instanceof String text ? text : slot);
      if (node != null && node.isObject()) {
        Row row = new Row(null, text(node, FUND), text(node, AMOUNT), text(node, PURPOSE));
        if (row.fund() != null || row.amount() != null || row.purpose() != null) {
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** The items of a checked plan (the variable written by {@link #variable}). */
  public static List<CashItem> of(Object value) {
    return rows(value).stream().map(row -> new CashItem(row.item(), row.fund(), CaseVariables.asDecimal(row.amount()),
        row.purpose())).toList();
  }

  public static BigDecimal total(List<CashItem> items) {
    return items.stream().map(CashItem::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** A plan's cash items as a caller submits them (numbered when the plan is checked). */
  public static TypedValue plan(CashItem... items) {
    return variable(List.of(items));
  }

  /** The checked items as a JSON variable, numbered, readable by Tasklist forms, FEEL and Cockpit. */
  public static TypedValue variable(List<CashItem> items) {
    SpinJsonNode array = Spin.JSON("[]");
    for (CashItem item : items) {
      SpinJsonNode row = Spin.JSON("{}");
      if (item.item() != null) {
        row.prop(ITEM, item.item());
      }
      row.prop(FUND, item.fund());
      row.prop(AMOUNT, item.amount());
      row.prop(PURPOSE, item.purpose() == null ? "" : item.purpose());
      array.append(row);
    }
    return SpinValues.jsonValue(array).create();
  }

  /** The checked items as JSON text, as the referral's register keeps the plan (readable by {@link #of}). */
  public static String text(List<CashItem> items) {
    return variable(items).getValue().toString();
  }

  /** A submitted row, every field as text so that a wrong type can be named instead of failing. */
  public record Row(String item, String fund, String amount, String purpose) {
  }

  private static SpinJsonNode json(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof SpinJsonNode node) {
      return node;
    }
    if (value instanceof Collection<?> || value instanceof Object[]) {
      return Spin.JSON(value);
    }
    String text = value.toString().trim();
    return text.startsWith("[") ? Spin.JSON(text) : null;
  }

  private static String text(SpinJsonNode row, String field) {
    if (!row.hasProp(field)) {
      return null;
    }
    SpinJsonNode value = row.prop(field);
    if (value.isNull()) {
      return null;
    }
    String text = value.isString() ? value.stringValue() : value.isNumber() ? value.numberValue().toString()
        : value.toString();
    return CaseVariables.asString(text);
  }
}
