package org.aidflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A query string that is not well-formed (a {@code %} not followed by two hex digits, or escapes that do not
 * decode to UTF-8) is answered 400 problem+json on every path, before anything else reads it: the engine's REST
 * layer, the expression guard and the webapps would otherwise each handle it their own way, up to a 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class MalformedQueryFilter extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String query = request.getQueryString();
    if (query != null && !isWellFormed(query)) {
      ExpressionGuardFilter.reject(response, HttpServletResponse.SC_BAD_REQUEST,
          "查询字符串编码有误 / the query string is not well-formed: each % must start an escape of UTF-8 (%XX)", "query");
      return;
    }
    chain.doFilter(request, response);
  }

  /** Every {@code %XX} escape valid, and the escapes of each parameter decode to UTF-8. */
  static boolean isWellFormed(String query) {
    for (String part : query.split("[&=]", -1)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(part.length());
      for (int i = 0; i < part.length(); i++) {
        char c = part.charAt(i);
        if (c == '%') {
          if (i + 2 >= part.length()) {
            return false;
          }
          int high = Character.digit(part.charAt(i + 1), 16);
          int low = Character.digit(part.charAt(i + 2), 16);
          if (high < 0 || low < 0) {
            return false;
          }
          bytes.write(high * 16 + low);
          i += 2;
        } else if (c < 0x80) {
          bytes.write(c);
        }
      }
      if (!isUtf8(bytes.toByteArray())) {
        return false;
      }
    }
    return true;
  }

  static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
