package org.aidflow.shared;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The administrative divisions (GB/T 2260) AidFlow knows by name, read from {@code regions/gbt2260.tsv}: every
 * province-level division, and Zhejiang down to its districts and counties. Cases keep the 6-digit code (routing,
 * jurisdiction and low lines read it); people read the name, e.g. 330106 → 浙江省杭州市西湖区.
 */
public final class Regions {

  /** Code → own name ("330106" → "西湖区"), in file order. */
  private static final Map<String, String> NAMES = load();

  private Regions() {
  }

  /** Every code → its own name, in the order of the file (provinces, each followed by its cities and districts). */
  public static Map<String, String> all() {
    return NAMES;
  }

  /** True for a 6-digit code in the table. */
  public static boolean isKnown(String code) {
    return code != null && NAMES.containsKey(code);
  }

  /**
   * The full name of a 6-digit code: province, city and district names joined ("浙江省杭州市西湖区", "浙江省杭州市",
   * "北京市"). A code the table does not hold is named by its nearest known level with the code after it
   * ("北京市（110105）"); a value that is no code at all is returned as it is; null stays null.
   */
  public static String name(String code) {
    if (code == null || !code.matches("\\d{6}")) {
      return code;
    }
    String province = NAMES.get(code.substring(0, 2) + "0000");
    String city = code.endsWith("0000") ? null : NAMES.get(code.substring(0, 4) + "00");
    String district = code.endsWith("00") ? null : NAMES.get(code);
    StringBuilder name = new StringBuilder();
    for (String part : List.of(nullToEmpty(province), nullToEmpty(city), nullToEmpty(district))) {
      name.append(part);
    }
    boolean complete = NAMES.containsKey(code);
    if (name.isEmpty()) {
      return "行政区划 " + code;
    }
    return complete ? name.toString() : name + "（" + code + "）";
  }

  /** The name of a region prefix as organisation units use it: 2, 4 or 6 digits ("3301" → "浙江省杭州市"). */
  public static String prefixName(String prefix) {
    if (prefix == null || !prefix.matches("\\d{2}|\\d{4}|\\d{6}")) {
      return prefix;
    }
    return name((prefix + "0000").substring(0, 6));
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }

  private static Map<String, String> load() {
    Map<String, String> names = new LinkedHashMap<>();
    try (InputStream in = Regions.class.getResourceAsStream("/regions/gbt2260.tsv")) {
      if (in == null) {
        throw new IllegalStateException("regions/gbt2260.tsv is missing from the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] columns = line.split("\t");
        if (columns.length != 2 || !columns[0].matches("\\d{6}") || columns[1].isBlank()) {
          throw new IllegalStateException("regions/gbt2260.tsv: bad line " + line);
        }
        names.put(columns[0], columns[1].trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Collections.unmodifiableMap(names);
  }
}
