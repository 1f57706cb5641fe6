package org.aidflow.shared;

import java.time.Clock;
import java.time.ZoneId;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class AidFlowConfiguration {

  /** Dates of the domain (case-number year, age) are those of Zhejiang. */
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  @Bean
  public Clock clock() {
    return Clock.system(ZONE);
  }
}
