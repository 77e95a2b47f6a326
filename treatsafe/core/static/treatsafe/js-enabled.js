// Runs first thing in <body> (no inline script: the Content-Security-Policy forbids it), so
// GOV.UK Frontend's JavaScript-only styles apply before the page is drawn.
document.body.className +=
  " js-enabled" +
  ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
