/* Start the vendored Swagger UI on /api/docs (an inline script would break the Content-Security-Policy).
   The options are FastAPI's defaults, plus no validator badge: it would send the schema URL to swagger.io. */
(function () {
  "use strict";
  var box = document.getElementById("swagger-ui");
  if (!box || typeof window.SwaggerUIBundle === "undefined") return;
  window.SwaggerUIBundle({
    url: box.dataset.openapiUrl,
    domNode: box,
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis]
  });
})();
