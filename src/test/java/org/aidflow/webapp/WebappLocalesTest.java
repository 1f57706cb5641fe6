package org.aidflow.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The webapps speak Chinese: every key of the English file Camunda ships is in ours, with the same placeholders,
 * and Chinese is the default. A Camunda upgrade that adds keys fails here until they are translated.
 */
class WebappLocalesTest {

  private static final String APP = "META-INF/resources/webjars/camunda/app/";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^}]*}}");
  private static final Pattern CHINESE = Pattern.compile("\\p{IsHan}");

  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
  void everyShippedEnglishKeyIsTranslatedWithItsPlaceholders(String app) throws IOException {
    Map<String, String> english = flatten(read(APP + app + "/locales/en.json"));
    Map<String, String> chinese = flatten(read(APP + app + "/locales/zh.json"));

    assertThat(chinese.keySet()).as("keys of %s", app).containsAll(english.keySet());
    assertThat(english.keySet()).as("keys of %s that Camunda no longer ships", app).containsAll(chinese.keySet());
    english.forEach((key, value) -> assertThat(placeholders(chinese.get(key))).as("placeholders of %s.%s", app, key)
        .isEqualTo(placeholders(value)));
    long translated = english.keySet().stream().filter(key -> key.startsWith("labels."))
        .filter(key -> CHINESE.matcher(chinese.get(key)).find()).count();
    long labels = english.keySet().stream().filter(key -> key.startsWith("labels.")).count();
    // a few labels are product names, symbols or formats that stay as they are (Camunda, ID, <=, HH:mm)
    assertThat(translated).as("labels of %s in Chinese", app).isGreaterThan(labels * 95 / 100);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
  void chineseIsTheDefaultAndEnglishSelectable(String app) throws IOException {
    String config = text(APP + app + "/scripts/config.js");
    assertThat(config).contains("availableLocales: ['zh', 'en']").contains("fallbackLocale: 'zh'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "cockpit", "welcome"})
  void theEndOfLifeBannerIsHiddenOutsideAdmin(String app) throws IOException {
    assertThat(text(APP + app + "/styles/user-styles.css")).contains(".ce-eol-banner").contains("display: none");
    assertThat(getClass().getClassLoader().getResources(APP + "admin/styles/user-styles.css").asIterator())
        .toIterable().allSatisfy(url -> {
          try (InputStream in = url.openStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).doesNotContain("ce-eol-banner");
          }
        });
  }

  private static List<String> placeholders(String value) {
    List<String> found = new ArrayList<>();
    Matcher matcher = PLACEHOLDER.matcher(value);
    while (matcher.find()) {
      found.add(matcher.group());
    }
    found.sort(null);
    return found;
  }

  private static Map<String, String> flatten(JsonNode node) {
    Map<String, String> flat = new TreeMap<>();
    flatten("", node, flat);
    return flat;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> flat) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), flat);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(prefix + "[" + i + "]", node.get(i), flat);
      }
    } else {
      flat.put(prefix, node.asText());
    }
  }

  private JsonNode read(String resource) throws IOException {
    String json = text(resource);
    // Camunda's files start with a byte order mark
    return new ObjectMapper().readTree(json.startsWith("\uFEFF") ? json.substring(1) : json);
  }

  private String text(String resource) throws IOException {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
