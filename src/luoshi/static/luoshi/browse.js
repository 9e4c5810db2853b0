/* Reading pages. Filter forms marked data-drop-empty send only the fields that have a value,
   so the URL htmx pushes stays short and shareable (?unit=市建设局&role=lead). */
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (event) {
    var source = event.detail.elt;
    if (!source || !source.closest || !source.closest("form[data-drop-empty]")) return;
    var params = event.detail.parameters;
    Object.keys(params).forEach(function (name) {
      if (params[name] === "") delete params[name];
    });
  });
})();
