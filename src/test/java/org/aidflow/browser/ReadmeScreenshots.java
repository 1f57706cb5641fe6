package org.aidflow.browser;

import java.nio.file.Path;

/**
 * The screenshots README shows (docs/screenshots/), taken by the browser tests at the steps they show. They are
 * written only with {@code -Dscreenshots.update=true}, so that an ordinary {@code mvn verify} leaves the committed
 * files alone:
 * {@code mvn verify -Dit.test=CaseworkerDayIT -Dscreenshots.update=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
final class ReadmeScreenshots {

  static final String UPDATE = "screenshots.update";
  static final Path FOLDER = Path.of("docs", "screenshots");

  private ReadmeScreenshots() {
  }

  /** Whether this run updates the screenshots ({@code -Dscreenshots.update=true}). */
  static boolean updating() {
    return Boolean.getBoolean(UPDATE);
  }

  static void capture(Browser browser, String name) {
    if (updating()) {
      Browser.write(FOLDER.resolve(name + ".png"), browser.screenshot());
    }
  }

  /** A screenshot of part of the page, e.g. of a diagram. */
  static void capture(String name, byte[] png) {
    if (updating()) {
      Browser.write(FOLDER.resolve(name + ".png"), png);
    }
  }
}
