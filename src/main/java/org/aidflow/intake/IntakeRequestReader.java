package org.aidflow.intake;

import static org.aidflow.shared.ProcessVariables.*;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aidflow.shared.RefusedInputException;
import org.aidflow.shared.Violation;
import org.springframework.stereotype.Component;

/**
 * Reads the JSON body of {@code POST /api/cases} strictly: an object with the intake fields of docs/policy.md only,
 * each of its JSON type. Everything else is a violation naming the field, so the caller learns all at once.
 */
@Component
public class IntakeRequestReader {

  private static final Set<String> TEXT = Set.of(NAME, ID_NUMBER, PHONE, REGION, ADDRESS, EMPLOYER, EMPLOYMENT_FORM,
      DESCRIPTION, CHANNEL);
  private static final Set<String> WHOLE_NUMBERS = Set.of(HOUSEHOLD_SIZE, CHILDREN_IN_SCHOOL);
  private static final Set<String> AMOUNTS = Set.of(MONTHLY_INCOME, RIGID_EXPENSES);
  private static final Set<String> FLAGS = Set.of(UNION_MEMBER, SERIOUS_ILLNESS, DISABILITY, URGENT, CONSENT);

  private final ObjectMapper strict = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** The fields of the right JSON type, and a violation for each field that is unknown or of the wrong type. */
  public record Result(Map<String, Object> fields, List<Violation> violations) {
  }

  /**
   * Reads the body; throws {@link RefusedInputException} only when it is no JSON object at all, so that field
   * errors can be reported together with the intake rules' findings.
   */
  public Result read(byte[] body) {
    JsonNode root;
    try {
      root = strict.readTree(body);
    } catch (JacksonException e) {
      throw rejected("body", "请求内容不是有效的JSON（" + e.getOriginalMessage() + "）",
          "the body is not valid JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw rejected("body", "无法读取请求内容", "the body could not be read");
    }
    if (root == null || !root.isObject()) {
      throw rejected("body", "请求内容必须是JSON对象", "the body must be a JSON object");
    }
    Map<String, Object> fields = new HashMap<>();
    List<Violation> violations = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (!INTAKE_FIELDS.contains(name)) {
        violations.add(new Violation(safeName(name), "未知字段", "unknown field"));
      } else if (value.isNull()) {
        fields.put(name, null);
      } else if (TEXT.contains(name)) {
        typed(value.isTextual(), name, value.textValue(), "文本", "a string", fields, violations);
      } else if (WHOLE_NUMBERS.contains(name)) {
        typed(value.isNumber(), name, value.isIntegralNumber() && value.canConvertToInt() ? (Object) value.intValue()
            : value.decimalValue(), "整数", "a whole number", fields, violations);
      } else if (AMOUNTS.contains(name)) {
        typed(value.isNumber(), name, value.decimalValue(), "数字", "a number", fields, violations);
      } else if (FLAGS.contains(name)) {
        typed(value.isBoolean(), name, value.booleanValue(), "true或false", "true or false", fields, violations);
      } else {
        List<String> categories = new ArrayList<>();
        boolean allText = value.isArray();
        for (JsonNode item : value) {
          allText &= item.isTextual();
          categories.add(item.asText());
        }
        typed(allText, name, categories, "文本数组", "an array of strings", fields, violations);
      }
    }
    return new Result(fields, violations);
  }

  private static void typed(boolean rightType, String name, Object value, String zh, String en,
      Map<String, Object> fields, List<Violation> violations) {
    if (rightType) {
      fields.put(name, value);
    } else {
      violations.add(new Violation(name, "类型错误，应为" + zh, "wrong type, must be " + en));
    }
  }

  /** Unknown field names are echoed back; keep them short and printable. */
  private static String safeName(String name) {
    String printable = name.codePoints().filter(c -> !Character.isISOControl(c) && !Character.isSurrogate((char) c))
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
  }

  private static RefusedInputException rejected(String field, String zh, String en) {
    return new RefusedInputException(List.of(new Violation(field, zh, en)));
  }
}
