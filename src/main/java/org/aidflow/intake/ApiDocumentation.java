package org.aidflow.intake;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description served at /api-docs (browsable at /api-docs/ui). */
@Configuration
public class ApiDocumentation {

  @Bean
  public OpenAPI aidFlowApi() {
    return new OpenAPI()
        .info(new Info().title("AidFlow API").version("1")
            .description("求助案件受理与查询 / intake and follow-up of aid cases for the online channel, hotlines and "
                + "service windows. Errors are application/problem+json naming the field."))
        .components(new Components().addSecuritySchemes("basic",
            new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
        .addSecurityItem(new SecurityRequirement().addList("basic"));
  }
}
