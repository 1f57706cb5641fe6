package org.aidflow.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One variable a form (or a documented API-only field) lets its task write, with the type its form-js component
 * submits: a textfield a String, a number a number, a checkbox a Boolean, a select or radio one of its values, a
 * checklist a list, a group with a path an object of its own fields.
 */
record FormField(String name, Kind kind, Set<String> values, Map<String, FormField> children, boolean required,
    List<String> hiddenWhen) {

  private static final ObjectMapper JSON = new ObjectMapper();

  FormField(String name, Kind kind, Set<String> values, Map<String, FormField> children) {
    this(name, kind, values, children, false, List.of());
  }

  /** What a component submits. */
  enum Kind {
    STRING("文本", "text"),
    NUMBER("数字", "a number"),
    BOOLEAN("是/否", "true or false"),
    /** A list of texts (checklist, taglist). */
    LIST("列表", "a list"),
    /** A list of objects; their contents are checked by the task's listener (cashItems). */
    OBJECT_LIST("对象列表", "a list of objects"),
    /** A group with a path: an object whose members are the group's fields. */
    OBJECT("对象", "an object of the group's fields"),
    /** A dynamic list with a path: a list of objects of the list's fields. */
    DYNAMIC_LIST("对象列表", "a list of objects of the list's fields"),
    FILE("文件", "a file"),
    /** An expression field: whatever it computes, but a plain value. */
    PLAIN("简单值", "a plain value");

    final String zh;
    final String en;

    Kind(String zh, String en) {
      this.zh = zh;
      this.en = en;
    }
  }

  static FormField of(String name, Kind kind) {
    return new FormField(name, kind, Set.of(), Map.of());
  }

  /**
   * Why a variable as the engine REST API carries it ({@code {"value": …, "type": …, "valueInfo": …}}) does not fit
   * this field, or null when it does. A value without type is taken as the engine would: by its JSON kind.
   */
  String refusal(JsonNode dto) {
    if (dto == null || dto.isNull()) {
      return null;
    }
    if (!dto.isObject()) {
      return wrongType();
    }
    JsonNode value = dto.path("value");
    String type = typeName(dto.path("type"));
    if (type.equals("null") || (type.isEmpty() && (value.isMissingNode() || value.isNull()))) {
      return null;
    }
    if (!type.isEmpty() && (value.isMissingNode() || value.isNull())) {
      // a typed null: only the field's own types
      return typeFits(type) ? null : wrongType();
    }
    switch (type) {
      case "" -> {
        return nodeRefusal(value, name);
      }
      case "string" -> {
        return kind == Kind.NUMBER || kind == Kind.BOOLEAN || !value.isTextual() ? wrongType()
            : nodeRefusal(value, name);
      }
      case "integer", "long", "short", "double" -> {
        return kind == Kind.NUMBER || kind == Kind.PLAIN ? nodeRefusal(numberOf(value), name) : wrongType();
      }
      case "boolean" -> {
        return kind == Kind.BOOLEAN || kind == Kind.PLAIN ? nodeRefusal(booleanOf(value), name) : wrongType();
      }
      case "json" -> {
        return structured() && value.isTextual() ? nodeRefusal(parse(value.asText()), name) : wrongType();
      }
      case "object" -> {
        String format = dto.path("valueInfo").path("serializationDataFormat").asText("");
        String javaType = dto.path("valueInfo").path("objectTypeName").asText("");
        if (!structured() || !format.equals("application/json") || !PLAIN_JAVA_TYPES.contains(javaType)
            || !value.isTextual()) {
          return wrongType();
        }
        return nodeRefusal(parse(value.asText()), name);
      }
      case "file" -> {
        return kind == Kind.FILE ? null : wrongType();
      }
      default -> {
        return wrongType();
      }
    }
  }

  /** The Java types a JSON object variable of a list or group may name: plain lists and maps, nothing else. */
  private static final Set<String> PLAIN_JAVA_TYPES = Set.of("java.util.ArrayList", "java.util.LinkedList",
      "java.util.LinkedHashMap", "java.util.HashMap");

  private boolean structured() {
    return kind == Kind.LIST || kind == Kind.OBJECT_LIST || kind == Kind.OBJECT || kind == Kind.DYNAMIC_LIST;
  }

  private boolean typeFits(String type) {
    return switch (type) {
      case "string" -> kind == Kind.STRING || kind == Kind.PLAIN;
      case "integer", "long", "short", "double" -> kind == Kind.NUMBER || kind == Kind.PLAIN;
      case "boolean" -> kind == Kind.BOOLEAN || kind == Kind.PLAIN;
      case "json", "object" -> structured();
      case "file" -> kind == Kind.FILE;
      default -> false;
    };
  }

  /** Checks a plain JSON value (a variable's value or a member of a group's object) against this field. */
  String nodeRefusal(JsonNode value, String path) {
    if (value == null) {
      return wrongType(path);
    }
    if (value.isNull() || value.isMissingNode()) {
      return null;
    }
    switch (kind) {
      case STRING -> {
        if (!value.isTextual()) {
          return wrongType(path);
        }
        if (!values.isEmpty() && !values.contains(value.asText())) {
          return notOneOf(path);
        }
        return null;
      }
      case NUMBER -> {
        return value.isNumber() ? null : wrongType(path);
      }
      case BOOLEAN -> {
        return value.isBoolean() ? null : wrongType(path);
      }
      case PLAIN -> {
        return value.isValueNode() ? null : wrongType(path);
      }
      case LIST -> {
        if (!value.isArray()) {
          return wrongType(path);
        }
        for (JsonNode item : value) {
          if (!item.isTextual()) {
            return wrongType(path);
          }
          if (!values.isEmpty() && !values.contains(item.asText())) {
            return notOneOf(path);
          }
        }
        return null;
      }
      case OBJECT_LIST -> {
        if (!value.isArray()) {
          return wrongType(path);
        }
        for (JsonNode item : value) {
          if (!item.isObject()) {
            return wrongType(path);
          }
          for (JsonNode member : item) {
            if (!member.isValueNode()) {
              return wrongType(path);
            }
          }
        }
        return null;
      }
      case OBJECT -> {
        return value.isObject() ? membersRefusal(value, path) : wrongType(path);
      }
      case DYNAMIC_LIST -> {
        if (!value.isArray()) {
          return wrongType(path);
        }
        for (int i = 0; i < value.size(); i++) {
          JsonNode item = value.get(i);
          String refusal = item.isObject() ? membersRefusal(item, path + "[" + i + "]") : wrongType(path);
          if (refusal != null) {
            return refusal;
          }
        }
        return null;
      }
      default -> {
        return wrongType(path);
      }
    }
  }

  private String membersRefusal(JsonNode object, String path) {
    for (Iterator<Map.Entry<String, JsonNode>> members = object.fields(); members.hasNext(); ) {
      Map.Entry<String, JsonNode> member = members.next();
      FormField child = children.get(member.getKey());
      String memberPath = path + "." + member.getKey();
      if (child == null) {
        return "字段 " + memberPath + " 不在表单中 / " + memberPath + " is not a field of the form";
      }
      String refusal = child.nodeRefusal(member.getValue(), memberPath);
      if (refusal != null) {
        return refusal;
      }
    }
    return null;
  }

  private String wrongType() {
    return wrongType(name);
  }

  private String wrongType(String path) {
    return "字段 " + path + " 须为" + kind.zh + " / " + path + " must be " + kind.en;
  }

  private String notOneOf(String path) {
    return "字段 " + path + " 须为以下之一：" + String.join("、", values) + " / " + path + " must be one of " + values;
  }

  private static JsonNode numberOf(JsonNode value) {
    if (value.isNumber()) {
      return value;
    }
    // the engine also reads "12" as an Integer; anything else is no number
    if (value.isTextual()) {
      try {
        return JSON.getNodeFactory().numberNode(new java.math.BigDecimal(value.asText().trim()));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static JsonNode booleanOf(JsonNode value) {
    if (value.isBoolean()) {
      return value;
    }
    if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
      return JSON.getNodeFactory().booleanNode(Boolean.parseBoolean(value.asText()));
    }
    return null;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      return null;
    }
  }

  /** The engine REST API's type name, as the engine reads it: first letter in either case ("String", "string"). */
  static String typeName(JsonNode type) {
    if (type == null || type.isNull() || type.isMissingNode() || type.asText().isEmpty()) {
      return "";
    }
    String name = type.asText();
    String restName = Character.toLowerCase(name.charAt(0)) + name.substring(1);
    // an unknown spelling ("STRING") is refused by the engine; here it matches no field type either
    return restName.equals(restName.toLowerCase()) ? restName : "?" + restName;
  }

  /**
   * The fields of a form-js schema, found recursively in its components: a group or dynamic list without a path
   * lends its fields to its parent; one with a path is a field of its own holding them. Components without a key
   * (texts, images, buttons) and disabled ones (form-js never submits them) are no fields.
   */
  static Map<String, FormField> fromSchema(JsonNode schema) {
    Map<String, FormField> fields = new LinkedHashMap<>();
    collect(schema, fields, List.of());
    return fields;
  }

  private static void collect(JsonNode container, Map<String, FormField> fields, List<String> hidden) {
    for (JsonNode component : container.path("components")) {
      String type = component.path("type").asText("");
      if (component.path("disabled").asBoolean(false)) {
        continue;
      }
      if (type.equals("group") || type.equals("dynamiclist")) {
        String path = component.path("path").asText("");
        if (path.isEmpty()) {
          collect(component, fields, hiddenWhen(component, hidden));
          continue;
        }
        Map<String, FormField> members = new LinkedHashMap<>();
        collect(component, members, List.of());
        Kind kind = type.equals("group") ? Kind.OBJECT : Kind.DYNAMIC_LIST;
        put(fields, path, new FormField(lastSegment(path), kind, Set.of(), members));
        continue;
      }
      String key = component.path("key").asText("");
      Kind kind = kindOf(type, component);
      if (key.isEmpty() || kind == null) {
        collect(component, fields, hiddenWhen(component, hidden));
        continue;
      }
      put(fields, key, new FormField(lastSegment(key), kind, kind == Kind.BOOLEAN ? Set.of() : staticValues(component),
          Map.of(), component.path("validate").path("required").asBoolean(false), hiddenWhen(component, hidden)));
    }
  }

  /**
   * The conditions under which form-js hides a component: its own {@code conditional.hide} and those of the groups
   * around it, as FEEL expressions without the leading {@code =}. A hidden field is never submitted, so it is not
   * required then.
   */
  private static List<String> hiddenWhen(JsonNode component, List<String> around) {
    String hide = component.path("conditional").path("hide").asText("").trim();
    if (hide.startsWith("=")) {
      hide = hide.substring(1).trim();
    }
    if (hide.isEmpty()) {
      return around;
    }
    List<String> all = new ArrayList<>(around);
    all.add(hide);
    return List.copyOf(all);
  }

  /** A key or path with dots ("applicant.name") is a field of an object variable ("applicant"). */
  private static void put(Map<String, FormField> fields, String path, FormField field) {
    int dot = path.indexOf('.');
    if (dot < 0) {
      fields.put(path, field);
      return;
    }
    String head = path.substring(0, dot);
    FormField parent = fields.get(head);
    Map<String, FormField> members = parent != null && parent.kind() == Kind.OBJECT
        ? new LinkedHashMap<>(parent.children()) : new LinkedHashMap<>();
    put(members, path.substring(dot + 1), field);
    fields.put(head, new FormField(head, Kind.OBJECT, Set.of(), members));
  }

  private static String lastSegment(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  private static Kind kindOf(String type, JsonNode component) {
    return switch (type) {
      case "textfield", "textarea", "password", "datetime" -> Kind.STRING;
      // options with the values true and false give a Boolean (a yes/no question without a default)
      case "radio", "select" -> booleanOptions(component) ? Kind.BOOLEAN : Kind.STRING;
      case "number" -> component.path("serializeToString").asBoolean(false) ? Kind.STRING : Kind.NUMBER;
      case "checkbox" -> Kind.BOOLEAN;
      case "checklist", "taglist" -> Kind.LIST;
      case "filepicker" -> Kind.FILE;
      case "expression" -> Kind.PLAIN;
      default -> null;
    };
  }

  private static boolean booleanOptions(JsonNode component) {
    JsonNode options = component.path("values");
    if (!options.isArray() || options.isEmpty()) {
      return false;
    }
    for (JsonNode option : options) {
      if (!option.path("value").isBoolean()) {
        return false;
      }
    }
    return true;
  }

  /** The options a select, radio or checklist lists in the form itself (none when they come from a variable). */
  private static Set<String> staticValues(JsonNode component) {
    List<String> values = new ArrayList<>();
    for (JsonNode option : component.path("values")) {
      values.add(option.path("value").asText());
    }
    return Set.copyOf(values);
  }
}
