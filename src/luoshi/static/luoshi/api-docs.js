// Starts Swagger UI on /api/docs. The settings come from a data attribute because the
// Content-Security-Policy allows no inline script; a signed-in browser's unsafe requests
// carry the CSRF token, as the API requires for session callers.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  var config = JSON.parse(root.dataset.settings || "{}");
  var csrfToken = root.dataset.csrfToken;
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  if (csrfToken) {
    config.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = csrfToken;
      return request;
    };
  }
  SwaggerUIBundle(config);
})();
