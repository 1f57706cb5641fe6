package org.aidflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class AidFlowApplication {

  public static void main(String[] args) {
    SpringApplication.run(AidFlowApplication.class, args);
  }
}
