package org.aidflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README and the documents under docs/ send a reader only to places inside the repository that exist: every
 * relative link names a file that is there (and, with a fragment, a heading of that file).
 */
class DocumentationLinksTest {

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Path ROOT = Path.of("").toAbsolutePath();

  @Test
  void everyRelativeLinkResolvesInsideTheRepository() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path document : documents()) {
      Matcher link = LINK.matcher(Files.readString(document));
      while (link.find()) {
        String target = link.group(1);
        if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("mailto:")) {
          continue;
        }
        String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        String fragment = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
        Path resolved = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
        if (!resolved.startsWith(ROOT)) {
          broken.add(ROOT.relativize(document) + ": " + target + " (outside the repository)");
        } else if (!Files.exists(resolved)) {
          broken.add(ROOT.relativize(document) + ": " + target + " (no such file)");
        } else if (fragment != null && resolved.toString().endsWith(".md")
            && !anchors(resolved).contains(fragment)) {
          broken.add(ROOT.relativize(document) + ": " + target + " (no such heading)");
        }
      }
    }
    assertThat(broken).as("links in README.md and docs/").isEmpty();
  }

  @Test
  void readmeNamesNoPathOutsideTheRepository() throws IOException {
    assertThat(Files.readString(ROOT.resolve("README.md"))).doesNotContain("../");
  }

  private static List<Path> documents() throws IOException {
    List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    return documents;
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  private static List<String> anchors(Path document) throws IOException {
    List<String> anchors = new ArrayList<>();
    for (String line : Files.readAllLines(document)) {
      if (line.startsWith("#")) {
        String heading = line.replaceFirst("^#+\\s*", "").trim().toLowerCase(Locale.ROOT);
        heading = Normalizer.normalize(heading, Normalizer.Form.NFC).replaceAll("[^\\p{L}\\p{N}\\s_-]", "");
        anchors.add(heading.replace(' ', '-'));
      }
    }
    return anchors;
  }
}
