package org.aidflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegionsTest {

  @Test
  void aCodeIsNamedByItsProvinceCityAndDistrict() {
    assertThat(Regions.name("330106")).isEqualTo("浙江省杭州市西湖区");
    assertThat(Regions.name("330100")).isEqualTo("浙江省杭州市");
    assertThat(Regions.name("330000")).isEqualTo("浙江省");
    assertThat(Regions.name("110000")).isEqualTo("北京市");
    assertThat(Regions.name("331127")).isEqualTo("浙江省丽水市景宁畲族自治县");
    // a code the table does not hold: its nearest known level, with the code so nobody guesses
    assertThat(Regions.name("110105")).isEqualTo("北京市（110105）");
    assertThat(Regions.name("330103")).isEqualTo("浙江省杭州市（330103）");
    assertThat(Regions.name("990000")).isEqualTo("行政区划 990000");
    assertThat(Regions.name(null)).isNull();
    assertThat(Regions.name("33010A")).isEqualTo("33010A");
    assertThat(Regions.prefixName("3301")).isEqualTo("浙江省杭州市");
    assertThat(Regions.prefixName("33")).isEqualTo("浙江省");
  }

  @Test
  void zhejiangIsCompleteAndEveryProvinceIsThere() {
    Map<String, String> all = Regions.all();
    assertThat(all.keySet().stream().filter(c -> c.endsWith("0000"))).hasSize(34);
    assertThat(all.keySet().stream().filter(c -> c.startsWith("33") && c.endsWith("00") && !c.endsWith("0000")))
        .hasSize(11);
    List<String> districts = all.keySet().stream().filter(c -> !c.endsWith("00")).toList();
    assertThat(districts).hasSize(90).allMatch(c -> c.startsWith("33"))
        .allMatch(c -> all.containsKey(c.substring(0, 4) + "00"));
  }

  /** The start form cannot read this table (a start form has no variables), so it holds a copy: the same one. */
  @Test
  void theIntakeFormOffersExactlyTheTable() throws Exception {
    JsonNode form = new ObjectMapper().readTree(Path.of("processes/forms/intake-form.form").toFile());
    List<JsonNode> fields = new ArrayList<>();
    form.findParents("key").forEach(fields::add);
    JsonNode province = field(fields, "regionProvince");
    List<String> provinces = new ArrayList<>();
    province.path("values").forEach(v -> provinces.add(v.path("value").asText() + "=" + v.path("label").asText()));
    assertThat(provinces).containsExactlyElementsOf(Regions.all().entrySet().stream()
        .filter(e -> e.getKey().endsWith("0000")).map(e -> e.getKey() + "=" + e.getValue()).toList());
    String cities = field(fields, "regionCity").path("valuesExpression").asText();
    String districts = field(fields, "regionDistrict").path("valuesExpression").asText();
    Regions.all().forEach((code, name) -> {
      if (code.endsWith("0000")) {
        return;
      }
      if (code.endsWith("00")) {
        assertThat(cities).contains("{label: \"" + name + "\", value: \"" + code + "\"}");
      } else {
        assertThat(districts).contains("{label: \"" + name + "\", value: \"" + code + "\", city: \""
            + code.substring(0, 4) + "00\"}");
      }
    });
    assertThat(cities.split("label:")).hasSize(12);
    assertThat(districts.split("label:")).hasSize(91);
    assertThat(field(fields, "region").path("type").asText()).isEqualTo("expression");
  }

  private static JsonNode field(List<JsonNode> fields, String key) {
    return fields.stream().filter(f -> f.path("key").asText().equals(key)).findFirst().orElseThrow();
  }
}
