package org.aidflow.browser;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.aidflow.shared.IntakeVocabulary;
import org.aidflow.shared.Regions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The page scan of issue 21: what a caseworker or supervisor sees must be words, not codes. It reads a page's visible
 * text (the page and its same-origin frames, e.g. the cockpit dashboard) and finds what people should never have to
 * decode: channel, category, service and employment codes ({@code hotline-12351}, {@code wage-arrears}), fund codes
 * ({@code union-hardship}, any fund given), plan items ({@code cash-1}), ISO timestamps ({@code 2026-12-02T23:28})
 * and bare region codes (330106 on its own; a masked ID number or a code in brackets after its name is fine).
 *
 * <p>Use: {@code CodesOnPage scan = new CodesOnPage(fundCodes);} then {@code scan.check(browser, "核实任务")} on each
 * page of a walk, and {@code scan.assertNoneFound()} at its end, which lists every page and the text around each code.
 */
public final class CodesOnPage {

  private static final Pattern ISO_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:");
  private static final Pattern PLAN_ITEM = Pattern.compile("(?<![\\w-])cash-\\d+");
  /** Six digits standing alone: not part of a longer number, a masked ID (330102********0011) or "（330103）". */
  private static final Pattern SIX_DIGITS = Pattern.compile("(?<![\\d*（(,.])(\\d{6})(?![\\d*）),.])");

  private final Set<String> codes = new LinkedHashSet<>();
  private final List<String> found = new ArrayList<>();

  /** A scan for the vocabulary's codes and these fund codes (e.g. read from table fund). */
  public CodesOnPage(Collection<String> fundCodes) {
    codes.add("union-hardship");
    codes.addAll(fundCodes);
    // the codes of the closed value sets that no Chinese text contains by chance (those with a hyphen)
    Stream.of(IntakeVocabulary.CHANNELS, IntakeVocabulary.CATEGORIES, IntakeVocabulary.EMPLOYMENT_FORMS,
            IntakeVocabulary.REFERRAL_SERVICE_LABELS.keySet())
        .flatMap(Collection::stream).filter(code -> code.contains("-")).forEach(codes::add);
  }

  /** The codes in a text, each with a little of the text around it. */
  public List<String> findIn(String text) {
    List<String> hits = new ArrayList<>();
    for (String code : codes) {
      Matcher m = Pattern.compile("(?<![\\w-])" + Pattern.quote(code) + "(?![\\w-])").matcher(text);
      while (m.find()) {
        hits.add(around(text, m.start(), m.end()));
      }
    }
    for (Pattern pattern : List.of(ISO_TIME, PLAN_ITEM)) {
      Matcher m = pattern.matcher(text);
      while (m.find()) {
        hits.add(around(text, m.start(), m.end()));
      }
    }
    Matcher m = SIX_DIGITS.matcher(text);
    while (m.find()) {
      String digits = m.group(1);
      // a region code: its province is one of GB/T 2260's
      if (Regions.isKnown(digits.substring(0, 2) + "0000")) {
        hits.add(around(text, m.start(), m.end()));
      }
    }
    return hits;
  }

  /** The visible text of the page and of its same-origin frames, as a person reads it. */
  public static String visibleText(WebDriver driver) {
    Object text = ((JavascriptExecutor) driver).executeScript(
        "const parts = [document.body ? document.body.innerText : ''];"
            + "for (const frame of document.querySelectorAll('iframe')) {"
            + "  try { if (frame.contentDocument && frame.contentDocument.body) {"
            + "    parts.push(frame.contentDocument.body.innerText); } } catch (e) { /* another origin */ } }"
            + "return parts.join('\\n');");
    return text == null ? "" : text.toString();
  }

  /**
   * Scans what the browser shows now (main page and frames); what it finds is kept for {@link #assertNoneFound}.
   * Returns the text read, for further checks.
   */
  public String check(Browser browser, String page) {
    browser.driver().switchTo().defaultContent();
    String text = visibleText(browser.driver());
    findIn(text).forEach(hit -> found.add(page + ": …" + hit + "…"));
    return text;
  }

  /** Fails, listing every page and code, if any page scanned showed a code. */
  public void assertNoneFound() {
    if (!found.isEmpty()) {
      throw new AssertionError("codes shown to people instead of words:\n" + String.join("\n", found));
    }
  }

  /** What was found so far. */
  public List<String> found() {
    return List.copyOf(found);
  }

  private static String around(String text, int start, int end) {
    return text.substring(Math.max(0, start - 20), Math.min(text.length(), end + 20)).replace('\n', ' ');
  }
}
