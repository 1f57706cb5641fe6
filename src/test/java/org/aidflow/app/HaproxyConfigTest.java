package org.aidflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * deploy/haproxy.cfg, read as HAProxy 3.0 reads it (it cannot run here): the application trusts X-Forwarded-* from
 * the proxy (client addresses throttle failed logins, X-Forwarded-Proto marks HTTPS), so the proxy must drop what
 * a client sent in these headers and set its own.
 */
class HaproxyConfigTest {

  @Test
  void theProxyDropsTheClientsForwardedHeadersAndSetsItsOwn() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("deploy", "haproxy.cfg")).stream().map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    List<String> frontend = section(lines, "frontend aidflow");

    for (String header : List.of("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port",
        "Forwarded")) {
      assertThat(frontend).contains("http-request del-header " + header);
    }
    assertThat(frontend).contains("http-request set-header X-Forwarded-Proto https if { ssl_fc }",
        "http-request set-header X-Forwarded-Proto http unless { ssl_fc }");
    // deleted before set: a rule list runs in order
    assertThat(frontend.indexOf("http-request del-header X-Forwarded-Proto"))
        .isLessThan(frontend.indexOf("http-request set-header X-Forwarded-Proto https if { ssl_fc }"));
    // the proxy adds the address it saw (after the frontend's rules removed the client's)
    assertThat(section(lines, "defaults")).contains("option forwardfor");
  }

  private static List<String> section(List<String> lines, String name) {
    int start = lines.indexOf(name);
    assertThat(start).as("section %s", name).isNotNegative();
    int end = start + 1;
    while (end < lines.size() && !lines.get(end).matches("(global|defaults|frontend|backend|resolvers|listen)\\b.*")) {
      end++;
    }
    return lines.subList(start + 1, end);
  }
}
